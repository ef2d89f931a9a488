package detect

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeMonorepo writes a monorepo of about n files: Go, Node and Python
// services, a node_modules folder and a .git-like bulk of objects, docs.
// It returns the number of files written.
func writeMonorepo(tb testing.TB, dir string, n int) int {
	tb.Helper()
	count := 0
	write := func(name, body string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
		count++
	}
	svc := 0
	for count < n {
		base := fmt.Sprintf("services/s%03d", svc)
		switch svc % 3 {
		case 0:
			write(base+"/go.mod", fmt.Sprintf("module example.com/s%d\n\ngo 1.23\n", svc))
			write(base+"/cmd/server/main.go", mainServe)
			for i := 0; i < 300 && count < n; i++ {
				write(fmt.Sprintf("%s/internal/p%d/f%d.go", base, i/5, i%5), fmt.Sprintf("package p%d\n\nfunc F%d() int { return %d }\n", i/5, i%5, i))
			}
		case 1:
			write(base+"/package.json", `{"name":"web","scripts":{"start":"node server.js"},"dependencies":{"express":"^4.19.2"}}`)
			write(base+"/package-lock.json", `{"lockfileVersion":3}`)
			write(base+"/server.js", "require('express')().listen(process.env.PORT || 3000)\n")
			for i := 0; i < 200 && count < n; i++ {
				write(fmt.Sprintf("%s/src/c%d/f%d.js", base, i/10, i%10), "export const x = 1;\n")
			}
			for i := 0; i < 600 && count < n; i++ {
				write(fmt.Sprintf("%s/node_modules/m%d/f%d.js", base, i/20, i%20), "module.exports = 1;\n")
			}
		case 2:
			write(base+"/pyproject.toml", "[project]\nname = \"svc\"\nrequires-python = \">=3.11\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n")
			write(base+"/app.py", "from fastapi import FastAPI\napp = FastAPI()\n")
			for i := 0; i < 200 && count < n; i++ {
				write(fmt.Sprintf("%s/pkg/m%d/f%d.py", base, i/10, i%10), "def f():\n    return 1\n")
			}
		}
		for i := 0; i < 200 && count < n; i++ {
			write(fmt.Sprintf(".git/objects/%02x/%d", svc%256, i), "blob")
		}
		for i := 0; i < 50 && count < n; i++ {
			write(fmt.Sprintf("docs/s%d/page%d.md", svc, i), "# page\n")
		}
		svc++
	}
	return count
}

// BenchmarkScanMonorepo100k scans a generated monorepo of 100,000 files.
// Set STAGECRAFT_BENCH_TREE to keep the tree there (and reuse it), to time
// `stagecraft detect` on it with /usr/bin/time -v.
func BenchmarkScanMonorepo100k(b *testing.B) {
	dir := os.Getenv("STAGECRAFT_BENCH_TREE")
	if dir == "" {
		dir = b.TempDir()
	}
	if _, err := os.Stat(filepath.Join(dir, "services")); err != nil {
		writeMonorepo(b, dir, 100_000)
	}
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := Scan(fsys)
		if err != nil || len(r.Projects) == 0 {
			b.Fatalf("%v %d projects", err, len(r.Projects))
		}
	}
}
