package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/templates"
)

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update and review the diff):\n%s", name, got)
	}
}

func intp(n int) *int { return &n }

// goProject is a typical detected Go service.
func goProject() detect.Project {
	return detect.Project{
		Path: ".", Stack: "go", LanguageVersion: "1.23.4", PackageManager: "go",
		Entrypoint: "./cmd/server", EntrypointCandidates: []string{"./cmd/server", "./cmd/admin"},
		Port: intp(8080), Runtimes: []string{"distroless", "scratch", "alpine", "slim"}, Context: ".",
		Go: &detect.GoInfo{Module: "example.com/shop", HasGoSum: true},
	}
}

func TestGoTemplateGolden(t *testing.T) {
	tfs := templates.FS()
	cases := []struct {
		name    string
		project func() detect.Project
		opts    Options
	}{
		{"go-distroless", goProject, Options{}},
		{"go-scratch", goProject, Options{Runtime: "scratch"}},
		{"go-alpine", goProject, Options{Runtime: "alpine"}},
		{"go-slim", goProject, Options{Runtime: "slim"}},
		{"go-nosyntax", goProject, Options{Syntax: ""}},
		{"go-private", goProject, Options{Private: []string{"example.com/internal/*"}, Labels: map[string]string{"org.opencontainers.image.vendor": `ACME "Shop" $HOME`}}},
		{"go-cgo-distroless", func() detect.Project {
			p := goProject()
			p.Go.CGO, p.Go.CGOReason = true, "db/db.go imports \"C\""
			p.Runtimes = []string{"distroless", "slim", "alpine"}
			return p
		}, Options{}},
		{"go-cgo-alpine", func() detect.Project {
			p := goProject()
			p.Go.CGO = true
			p.Runtimes = []string{"distroless", "slim", "alpine"}
			return p
		}, Options{Runtime: "alpine"}},
		{"go-vendor-nosum-noport", func() detect.Project {
			p := goProject()
			p.Go.Vendor, p.Go.HasGoSum, p.Port = true, false, nil
			p.Entrypoint = "."
			return p
		}, Options{}},
		{"go-runtime-files", func() detect.Project {
			p := goProject()
			p.RuntimeFiles = []string{"templates", "config.json"}
			return p
		}, Options{Include: []string{"static"}}},
		{"go-workspace", func() detect.Project {
			p := goProject()
			p.Path, p.Context, p.Entrypoint = "api", ".", "."
			p.Go.Workspace = &detect.GoWorkspace{Root: ".", Modules: []string{"api", "shared"}, Sums: []string{"api"}, HasSum: true}
			return p
		}, Options{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := c.opts
			if c.name != "go-nosyntax" {
				o.Syntax = DefaultSyntax
			}
			plan, files, err := Generate(c.project(), o, tfs)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, c.name+".Dockerfile", files[0].Content)
			golden(t, c.name+".dockerignore", files[1].Content)
			// Same input, same bytes.
			_, again, err := Generate(c.project(), o, tfs)
			if err != nil || !bytes.Equal(again[0].Content, files[0].Content) || !bytes.Equal(again[1].Content, files[1].Content) {
				t.Fatalf("output is not deterministic (%v)", err)
			}
			if plan.Runtime == "" {
				t.Fatal("no runtime chosen")
			}
		})
	}
}
