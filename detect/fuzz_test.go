package detect

import (
	"errors"
	"testing"
)

// Scan must never panic or hang on any go.mod, and a go.mod it cannot use
// must be an input error, not a crash.
func FuzzGoMod(f *testing.F) {
	f.Add("module example.com/a\n\ngo 1.22\n\ntoolchain go1.23.4\n")
	f.Add("module example.com/a\ngo 1.23\nrequire github.com/mattn/go-sqlite3 v1.14.22\n")
	f.Add("module \"quoted\"\ngo 1.2x\n")
	f.Add("go 1.23\n")
	f.Add("\x00\x01binary")
	f.Add("module m\nreplace a => ../b\nexclude x v1.0.0\nretract v1.0.0\ngodebug default=go1.21\n")
	f.Fuzz(func(t *testing.T, gomod string) {
		r, err := Scan(mapFS(map[string]string{"go.mod": gomod, "main.go": mainServe}))
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		for _, p := range r.Projects {
			if p.LanguageVersion != "" && !validGoVersion(p.LanguageVersion) {
				t.Fatalf("accepted version %q", p.LanguageVersion)
			}
		}
	})
}

// go.work files, likewise.
func FuzzGoWork(f *testing.F) {
	f.Add("go 1.23\n\nuse (\n\t./api\n\t./lib\n)\n")
	f.Add("go 1.23\nuse ../outside\ntoolchain go1.23.4\n")
	f.Add("use /abs\nuse ./api\nreplace x => y v1.0.0\n")
	f.Fuzz(func(t *testing.T, gowork string) {
		_, err := Scan(mapFS(map[string]string{
			"go.work":     gowork,
			"api/go.mod":  "module example.com/api\n\ngo 1.23\n",
			"api/main.go": mainServe,
		}))
		if err != nil && !IsInputError(err) {
			var ue *UnsupportedError
			if !errors.As(err, &ue) {
				t.Fatalf("not an input error: %v", err)
			}
		}
	})
}

// Any Go source, however broken, is scanned without a panic.
func FuzzGoSource(f *testing.F) {
	f.Add(mainServe)
	f.Add("package main\nimport \"C\"\nfunc main(){ os.Getenv(\"PORT\"); x := \":99999\" }\n")
	f.Add("package main\nfunc main() { template.ParseGlob(\"../../etc/*\"); http.Dir(\"\\x00\") }\n")
	f.Add("package main\n//go:build ignore\n")
	f.Fuzz(func(t *testing.T, src string) {
		r, err := Scan(mapFS(map[string]string{"go.mod": "module example.com/a\n\ngo 1.23\n", "cmd/x/main.go": src}))
		if err != nil {
			return
		}
		for _, p := range r.Projects {
			if p.Port != nil && (*p.Port < 1 || *p.Port > 65535) {
				t.Fatalf("port %d", *p.Port)
			}
			for _, rf := range p.RuntimeFiles {
				if rf == "" || rf[0] == '/' || rf == ".." || len(rf) > 1 && rf[:2] == ".." {
					t.Fatalf("runtime file %q leaves the project", rf)
				}
			}
		}
	})
}

// .dockerignore and .gitignore content never breaks the walk.
func FuzzIgnoreFiles(f *testing.F) {
	f.Add("node_modules\n*.log\n!keep.log\n", "build/\n/dist\n**/tmp\n")
	f.Add("[\n", "!\n\\\n")
	f.Add("go.mod\n*\n", "*.go\n")
	f.Fuzz(func(t *testing.T, dockerignore, gitignore string) {
		r, err := Scan(mapFS(map[string]string{
			".dockerignore": dockerignore, ".gitignore": gitignore,
			"go.mod": "module example.com/a\n\ngo 1.23\n", "main.go": mainServe,
		}))
		if err != nil && !IsInputError(err) {
			t.Fatalf("not an input error: %v", err)
		}
		_ = r
	})
}
