package lint_test

import (
	"bytes"
	"flag"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/stagecraft/stagecraft/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const corpusDir = "testdata/corpus"

// corpusCases are the folders of testdata/corpus: a Dockerfile each, most
// with a .dockerignore. Folders named clean-* are well-written files that
// must come out clean at warning level.
func corpusCases(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	if len(out) < 25 {
		t.Fatalf("the corpus has %d Dockerfiles; keep at least 25", len(out))
	}
	return out
}

// lintCase lints one corpus folder as the command would, with paths
// relative to the corpus so the golden file does not depend on where the
// tests run.
func lintCase(t *testing.T, name string, sev lint.Severity) []lint.Finding {
	t.Helper()
	dir := filepath.Join(corpusDir, name)
	dt, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	in := lint.Input{Path: path.Join(name, "Dockerfile"), Content: dt}
	if ig, err := os.ReadFile(filepath.Join(dir, ".dockerignore")); err == nil {
		in.Ignore = &lint.IgnoreFile{Path: path.Join(name, ".dockerignore"), Content: ig}
	}
	fs, err := lint.Lint(in, lint.Options{Severity: sev})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return fs
}

// TestCorpusGolden compares every finding (info and up) on the corpus with
// testdata/corpus.golden. Refresh with go test ./lint -update and read the
// diff like code.
func TestCorpusGolden(t *testing.T) {
	var buf bytes.Buffer
	for _, name := range corpusCases(t) {
		if err := lint.WriteText(&buf, lintCase(t, name, lint.Info)); err != nil {
			t.Fatal(err)
		}
	}
	golden := filepath.Join("testdata", "corpus.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./lint -update to create it)", err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("findings differ from %s (go test ./lint -update refreshes it):\n%s", golden, diff.Diff("want", want, "got", buf.Bytes()))
	}
}

// TestCorpusExpectations reads the "# expect: RULE ..." line at the top of
// each problem file: every rule named must be reported, and nothing else
// at warning level or above may be.
func TestCorpusExpectations(t *testing.T) {
	for _, name := range corpusCases(t) {
		if strings.HasPrefix(name, "clean-") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			dt, err := os.ReadFile(filepath.Join(corpusDir, name, "Dockerfile"))
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(dt), "\n")
			ids, ok := strings.CutPrefix(first, "# expect:")
			if !ok {
				t.Fatalf("the first line must be # expect: RULE ... (the rules this file is meant to trigger)")
			}
			want := strings.Fields(ids)
			all := lintCase(t, name, lint.Info)
			for _, id := range want {
				if !slices.ContainsFunc(all, func(f lint.Finding) bool { return f.Rule == id }) {
					t.Errorf("expected %s, got:\n%s", id, text(all))
				}
			}
			for _, f := range all {
				if f.Severity >= lint.Warning && !slices.Contains(want, f.Rule) {
					t.Errorf("unexpected finding: %s", f)
				}
			}
		})
	}
}

// TestCorpusPrecision: the well-written files (clean-*) have no finding at
// warning level or above. Info findings (digest pinning, cache mounts) are
// suggestions and are counted, not failed.
func TestCorpusPrecision(t *testing.T) {
	clean, infos := 0, 0
	for _, name := range corpusCases(t) {
		if !strings.HasPrefix(name, "clean-") {
			continue
		}
		clean++
		for _, f := range lintCase(t, name, lint.Info) {
			if f.Severity >= lint.Warning {
				t.Errorf("false positive on a clean file: %s", f)
			} else {
				infos++
			}
		}
	}
	if clean < 8 {
		t.Errorf("the corpus has %d clean files; keep at least 8", clean)
	}
	t.Logf("%d clean files: 0 findings at warning or above expected, %d info suggestions", clean, infos)
}

func text(fs []lint.Finding) string {
	var b strings.Builder
	lint.WriteText(&b, fs)
	return b.String()
}
