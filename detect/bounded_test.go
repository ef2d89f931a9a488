package detect

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/internal/testtree"
)

// hugeFile makes name a 3 GB sparse file: it claims the size and costs
// no disk.
func hugeFile(t *testing.T, dir, name string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 3<<30); err != nil {
		t.Skipf("no sparse files here: %v", err)
	}
}

// allocated runs fn and returns the bytes it allocated.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// The manifests of every stack, each with what else makes its project.
var boundedCases = []struct {
	manifest string
	others   map[string]string
}{
	{"package.json", map[string]string{"server.js": "require('http').createServer().listen(3000)\n"}},
	{"pyproject.toml", map[string]string{"main.py": "if __name__ == '__main__':\n    pass\n"}},
	{"Pipfile", map[string]string{"app.py": "if __name__ == '__main__':\n    pass\n"}},
	{"requirements.txt", map[string]string{"main.py": "if __name__ == '__main__':\n    pass\n"}},
	{"pom.xml", map[string]string{"src/main/java/a/Main.java": "package a;\n"}},
	{"build.gradle", map[string]string{"src/main/java/a/Main.java": "package a;\n"}},
	{"go.mod", map[string]string{"main.go": "package main\n\nfunc main() {}\n"}},
}

// A manifest claiming 3 GB is skipped with a warning and an error naming
// it, never read into memory.
func TestHugeManifestIsNotRead(t *testing.T) {
	for _, c := range boundedCases {
		t.Run(c.manifest, func(t *testing.T) {
			dir := testtree.Write(t, c.others)
			hugeFile(t, dir, c.manifest)
			var r Report
			var err error
			alloc := allocated(func() { r, err = Scan(os.DirFS(dir)) })
			if alloc > 64<<20 {
				t.Errorf("Scan allocated %d MB for a 3 GB %s: it was read", alloc>>20, c.manifest)
			}
			var me *ManifestError
			if !errors.As(err, &me) || me.File != c.manifest || !strings.Contains(err.Error(), "too large") {
				t.Fatalf("got %v, want a ManifestError on %s saying it is too large", err, c.manifest)
			}
			if !hasWarningAbout(r, c.manifest, "too large") {
				t.Errorf("no warning about %s: %q", c.manifest, r.Warnings)
			}
		})
	}
}

// A binary file named like a manifest is skipped with a warning and an
// error naming it.
func TestBinaryManifestIsNotParsed(t *testing.T) {
	binary := "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00"
	for _, c := range boundedCases {
		t.Run(c.manifest, func(t *testing.T) {
			files := with(c.others, c.manifest, binary+strings.Repeat("\x00\xff", 512))
			r, err := Scan(os.DirFS(testtree.Write(t, files)))
			var me *ManifestError
			if !errors.As(err, &me) || me.File != c.manifest || !strings.Contains(err.Error(), "binary") {
				t.Fatalf("got %v, want a ManifestError on %s saying it is binary", err, c.manifest)
			}
			if !hasWarningAbout(r, c.manifest, "binary") {
				t.Errorf("no warning about %s: %q", c.manifest, r.Warnings)
			}
		})
	}
}

// In a monorepo, a huge or binary manifest in one folder costs only that
// folder: the other projects are found, with a warning about it.
func TestBadManifestInMonorepoSkipsOnlyItsFolder(t *testing.T) {
	dir := testtree.Write(t, map[string]string{
		"api/go.mod":                     "module example.com/api\n\ngo 1.23\n",
		"api/main.go":                    "package main\n\nfunc main() {}\n",
		"web/server.js":                  "require('http').createServer().listen(3000)\n",
		"ml/main.py":                     "if __name__ == '__main__':\n    pass\n",
		"billing/src/main/java/a/A.java": "package a;\n",
		"billing/pom.xml":                "\x00\x01\x02binary",
	})
	hugeFile(t, dir, "web/package.json")
	hugeFile(t, dir, "ml/pyproject.toml")
	var r Report
	var err error
	alloc := allocated(func() { r, err = Scan(os.DirFS(dir)) })
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	if alloc > 64<<20 {
		t.Errorf("Scan allocated %d MB: a huge manifest was read", alloc>>20)
	}
	if len(r.Projects) != 1 || r.Projects[0].Path != "api" {
		t.Fatalf("projects %+v, want only api", r.Projects)
	}
	for _, f := range []string{"web/package.json", "ml/pyproject.toml", "billing/pom.xml"} {
		if !hasWarningAbout(r, f, "") {
			t.Errorf("no warning about %s: %q", f, r.Warnings)
		}
	}
}

func hasWarningAbout(r Report, file, what string) bool {
	for _, w := range r.Warnings {
		if strings.Contains(w, file) && strings.Contains(w, what) {
			return true
		}
	}
	return false
}

func with(m map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}
