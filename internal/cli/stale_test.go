package cli

import "testing"

func TestStaleHint(t *testing.T) {
	for _, tc := range []struct {
		hand []string
		want string
	}{
		{nil, "stale: run `stagecraft generate` to update the files above"},
		{[]string{"Dockerfile"}, "stale: Dockerfile was not written by stagecraft; `stagecraft generate --force` replaces it and updates the files above (or --output writes elsewhere)"},
		{[]string{"Dockerfile", ".dockerignore"}, "stale: Dockerfile and .dockerignore were not written by stagecraft; `stagecraft generate --force` replaces them and updates the files above (or --output writes elsewhere)"},
	} {
		if got := staleHint(tc.hand); got != tc.want {
			t.Errorf("staleHint(%v) =\n  %s\nwant\n  %s", tc.hand, got, tc.want)
		}
	}
}
