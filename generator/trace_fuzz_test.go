package generator

import (
	"strings"
	"testing"
)

// tidyTraced must tidy exactly like tidy, or traced origins would point at
// the wrong lines.
func FuzzTidyTraced(f *testing.F) {
	for _, s := range []string{"", "\n", "a\n\n\nb", "  \n\t\nFROM x  \n\n", "a\nb\n\n", "\n\n\nx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		got, origins := tidyTraced(lines, make([]Origin, len(lines)))
		if len(got) != len(origins) {
			t.Fatalf("%d lines, %d origins", len(got), len(origins))
		}
		if out, want := strings.Join(got, "\n")+"\n", string(tidy([]byte(s))); out != want {
			t.Fatalf("tidyTraced(%q) = %q, tidy = %q", s, out, want)
		}
	})
}

// Markers are removed completely and each line keeps the last origin seen
// before its first character.
func FuzzTraceDecode(f *testing.F) {
	f.Add("FROM x\nRUN y", 3)
	f.Add("\n\nCOPY a b\n", 1)
	f.Fuzz(func(t *testing.T, text string, n int) {
		if strings.ContainsRune(text, markOpen) || strings.ContainsRune(text, markClose) {
			t.Skip()
		}
		tr := &tracer{}
		traced := tr.text(text, "f.tmpl", text, 0)
		lines, origins := tr.decode(traced)
		if got := strings.Join(lines, "\n"); got != text {
			t.Fatalf("decode lost text: %q -> %q", text, got)
		}
		for i := range lines {
			if lines[i] != "" && origins[i].Line != i+1 {
				t.Fatalf("line %d %q traced to line %d", i+1, lines[i], origins[i].Line)
			}
		}
	})
}
