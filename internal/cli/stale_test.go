package cli

import "testing"

func TestStaleHint(t *testing.T) {
	for _, tc := range []struct {
		dir    string
		hand   []string
		others int
		want   string
	}{
		{"", nil, 2, "stale: run `stagecraft generate` to update the files above"},
		{"svc", nil, 1, "stale: run `stagecraft generate svc` to update the files above"},
		{"", []string{"Dockerfile"}, 0, "stale: Dockerfile was not written by stagecraft; `stagecraft generate --force` replaces it (or --output writes elsewhere)"},
		{"hw", []string{"hw/Dockerfile"}, 1, "stale: hw/Dockerfile was not written by stagecraft; `stagecraft generate hw --force` replaces it and updates the other files above (or --output writes elsewhere)"},
		{"my app", []string{"a", "b", "c"}, 0, "stale: a, b and c were not written by stagecraft; `stagecraft generate 'my app' --force` replaces them (or --output writes elsewhere)"},
	} {
		if got := staleHint(tc.dir, tc.hand, tc.others); got != tc.want {
			t.Errorf("staleHint(%q, %v, %d) =\n  %s\nwant\n  %s", tc.dir, tc.hand, tc.others, got, tc.want)
		}
	}
}
