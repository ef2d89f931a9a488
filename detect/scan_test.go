package detect

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/internal/testtree"
)

func TestSymlinksAreNotFollowed(t *testing.T) {
	outside := testtree.Write(t, map[string]string{"secret/main.go": "package main\nfunc main(){}\n"})
	dir := testtree.Write(t, map[string]string{"go.mod": "module example.com/x\n\ngo 1.23\n", "main.go": mainServe})
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "escape")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	r, err := Scan(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	p := r.Projects[0]
	if len(p.EntrypointCandidates) != 1 {
		t.Fatalf("a symlinked main package was followed: %v", p.EntrypointCandidates)
	}
}

func TestGitignoredFoldersAreNotScanned(t *testing.T) {
	r, err := Scan(mapFS(map[string]string{
		".gitignore":        "build/\n",
		"go.mod":            "module example.com/x\n\ngo 1.23\n",
		"main.go":           mainServe,
		"build/gen/main.go": "package main\nfunc main(){}\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c := r.Projects[0].EntrypointCandidates; len(c) != 1 {
		t.Fatalf("ignored folder scanned: %v", c)
	}
}

func TestOversizedManifestIsSkippedWithWarning(t *testing.T) {
	r, err := Scan(mapFS(map[string]string{
		"go.mod":  "module example.com/x\n\ngo 1.23\n",
		"main.go": mainServe,
		"big.go":  "package main\n" + strings.Repeat("// x\n", maxSourceBytes/5+10),
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "big.go: file too large") {
		t.Fatalf("warnings %v", r.Warnings)
	}
}

func TestMonorepoWithoutRootManifest(t *testing.T) {
	r, err := Scan(mapFS(map[string]string{
		"services/a/go.mod":     "module example.com/a\n\ngo 1.23\n",
		"services/a/main.go":    mainServe,
		"services/b/go.mod":     "module example.com/b\n\ngo 1.23\n",
		"services/b/main.go":    mainServe,
		"tools/testdata/go.mod": "module example.com/fixture\n\ngo 1.23\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Projects) != 2 || r.Projects[0].Path != "services/a" || r.Projects[1].Path != "services/b" {
		t.Fatalf("projects %+v", r.Projects)
	}
}

// BenchmarkScan scans a generated tree of 20,000 files: a Go module with
// 500 packages, plus bulk that must be skipped or only counted.
func BenchmarkScan(b *testing.B) {
	dir := b.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("go.mod", "module example.com/big\n\ngo 1.23\n")
	write("cmd/server/main.go", mainServe)
	n := 1
	for pkg := 0; n < 20000; pkg++ {
		for f := 0; f < 10 && n < 20000; f++ {
			switch {
			case f < 4:
				write(fmt.Sprintf("internal/p%d/f%d.go", pkg, f), fmt.Sprintf("package p%d\n\nfunc F%d() int { return %d }\n", pkg, f, f))
			case f < 6:
				write(fmt.Sprintf("web/p%d/f%d.js", pkg, f), "export const x = 1;\n")
			case f < 8:
				write(fmt.Sprintf("node_modules/m%d/f%d.js", pkg, f), "module.exports = 1;\n")
			default:
				write(fmt.Sprintf("docs/p%d/f%d.md", pkg, f), "# doc\n")
			}
			n++
		}
	}
	fsys := os.DirFS(dir)
	b.ResetTimer()
	for b.Loop() {
		r, err := Scan(fsys)
		if err != nil || len(r.Projects) != 1 {
			b.Fatalf("%v %+v", err, r.Projects)
		}
	}
}

// A folder holding apps of two stacks builds the first stack's, keeps the
// other as an alternative (for --stack) and warns about it on the project,
// so generate prints it.
func TestFolderWithTwoStacksKeepsTheOtherAsAlternative(t *testing.T) {
	goMain := "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	r, err := Scan(mapFS(map[string]string{
		"go.mod":       "module example.com/two\n\ngo 1.23\n",
		"main.go":      goMain,
		"package.json": `{"name": "web", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^4.19.2"}}`,
		"server.js":    expressServer,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Projects) != 1 || r.Projects[0].Stack != "go" {
		t.Fatalf("want the go project, got %+v", r.Projects)
	}
	p := r.Projects[0]
	alt, ok := p.Alternative("node")
	if !ok || alt.Path != "." || alt.Framework != "express" || alt.Node == nil || alt.Entrypoint != "server.js" {
		t.Fatalf("want a node alternative at . running server.js with express, got %+v", p.Alternatives)
	}
	if !hasWarning(p, "package.json holds a node app too (express, entry point server.js, port 3000)") || !hasWarning(p, "--stack node") {
		t.Errorf("want a warning naming the node app and --stack node, got %q", p.Warnings)
	}
	if noteContains(r, "package.json") {
		t.Errorf("the node app is a warning, not a note: %q", r.Notes)
	}
	// The alternative's own scan leaves no notes or tree warnings behind.
	if len(r.Warnings) != 0 {
		t.Errorf("tree warnings %q", r.Warnings)
	}

	// A Python server beside a go.mod is an alternative too.
	r, err = Scan(mapFS(map[string]string{
		"go.mod":         "module example.com/two\n\ngo 1.23\n",
		"main.go":        goMain,
		"pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n",
		"app.py":         "from fastapi import FastAPI\napp = FastAPI()\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if alt, ok := r.Projects[0].Alternative("python"); !ok || alt.Framework != "fastapi" {
		t.Errorf("want a python alternative, got %+v", r.Projects[0].Alternatives)
	}
	if !hasWarning(r.Projects[0], "pyproject.toml, app.py hold a python app too (fastapi, entry point app:app, port 8000)") || !hasWarning(r.Projects[0], "--stack python") {
		t.Errorf("warnings %q", r.Projects[0].Warnings)
	}

	// A Python helper script (no server) is not offered.
	r, err = Scan(mapFS(map[string]string{
		"go.mod":           "module example.com/two\n\ngo 1.23\n",
		"main.go":          goMain,
		"requirements.txt": "requests\n",
		"main.py":          "import requests\n\nif __name__ == \"__main__\":\n    print(requests.get(\"https://example.com\").status_code)\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if p := r.Projects[0]; len(p.Alternatives) != 0 || len(p.Warnings) != 0 {
		t.Errorf("a helper script was offered: %+v %q", p.Alternatives, p.Warnings)
	}
}

// A tree that cannot be walked still gives a report whose lists are
// empty, not nil (JSON [] rather than null).
func TestUnreadableTreeReportHasEmptyLists(t *testing.T) {
	r, err := Scan(os.DirFS(filepath.Join(t.TempDir(), "missing")))
	if err == nil {
		t.Fatal("want an error")
	}
	if r.Projects == nil || r.Languages == nil || r.Warnings == nil || r.Notes == nil {
		t.Errorf("nil lists: %#v", r)
	}
}
