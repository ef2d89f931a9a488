package tplsource

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stagecraft/stagecraft/internal/testtree"
)

var base = fstest.MapFS{
	"go/Dockerfile.tmpl":   {Data: []byte("embedded go dockerfile\n")},
	"go/dockerignore.tmpl": {Data: []byte("embedded go ignore\n")},
	"go/template.yaml":     {Data: []byte("name: go\n")},
	"partials/header.tmpl": {Data: []byte(`{{define "header"}}embedded{{end}}`)},
	"partials/labels.tmpl": {Data: []byte(`{{define "labels"}}embedded{{end}}`)},
}

func TestLayerOverridesFilePartialAndAddsStack(t *testing.T) {
	dir := testtree.Write(t, map[string]string{
		"go/Dockerfile.tmpl":      "team go dockerfile\n",
		"go/template.yaml":        "name: go\n", // identical to the embedded one
		"partials/labels.tmpl":    `{{define "labels"}}team{{end}}`,
		"acme/template.yaml":      "name: acme\nbase: go\n",
		"acme/Dockerfile.tmpl":    "acme\n",
		"README.md":               "ignored\n",
		".github/workflows/x.yml": "ignored\n",
		"go/notes.txt":            "ignored\n",
		"go/deep/x.tmpl":          "ignored: too deep\n",
	})
	src, err := Resolve(t.Context(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(base, src)
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		t.Helper()
		dt, err := fs.ReadFile(set, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(dt)
	}
	if got := read("go/Dockerfile.tmpl"); got != "team go dockerfile\n" {
		t.Errorf("go/Dockerfile.tmpl = %q, want the team file", got)
	}
	if got := read("go/dockerignore.tmpl"); got != "embedded go ignore\n" {
		t.Errorf("go/dockerignore.tmpl = %q, want the embedded file", got)
	}
	if got := read("partials/labels.tmpl"); !strings.Contains(got, "team") {
		t.Errorf("partials/labels.tmpl = %q, want the team partial", got)
	}
	if got := read("acme/Dockerfile.tmpl"); got != "acme\n" {
		t.Errorf("acme/Dockerfile.tmpl = %q", got)
	}

	want := map[string]File{
		"acme/Dockerfile.tmpl": {Name: "acme/Dockerfile.tmpl", Origin: Team},
		"acme/template.yaml":   {Name: "acme/template.yaml", Origin: Team},
		"go/Dockerfile.tmpl":   {Name: "go/Dockerfile.tmpl", Origin: Team, Overrides: true},
		"go/dockerignore.tmpl": {Name: "go/dockerignore.tmpl", Origin: Embedded},
		"go/template.yaml":     {Name: "go/template.yaml", Origin: Team, Overrides: true, Same: true},
		"partials/header.tmpl": {Name: "partials/header.tmpl", Origin: Embedded},
		"partials/labels.tmpl": {Name: "partials/labels.tmpl", Origin: Team, Overrides: true},
	}
	files := set.Files()
	if len(files) != len(want) {
		t.Errorf("Files() = %v, want %d files", files, len(want))
	}
	for i, f := range files {
		if f != want[f.Name] {
			t.Errorf("Files()[%d] = %+v, want %+v", i, f, want[f.Name])
		}
		if i > 0 && files[i-1].Name >= f.Name {
			t.Errorf("Files() not sorted at %s", f.Name)
		}
	}
	if set.Layer("partials/labels.tmpl") <= set.Layer("partials/header.tmpl") {
		t.Error("a team partial must be on a higher layer than an embedded one")
	}
	if got, want := set.DisplayName("go/Dockerfile.tmpl"), filepath.ToSlash(filepath.Join(dir, "go/Dockerfile.tmpl")); got != want {
		t.Errorf("DisplayName(team file) = %s, want %s", got, want)
	}
	if got := set.DisplayName("go/dockerignore.tmpl"); got != "go/dockerignore.tmpl" {
		t.Errorf("DisplayName(embedded file) = %s", got)
	}
	if _, err := fs.ReadFile(set, "README.md"); err == nil {
		t.Error("README.md of the team folder must not be part of the template set")
	}
	if err := fstest.TestFS(set, "go/Dockerfile.tmpl", "acme/template.yaml", "partials/header.tmpl"); err != nil {
		t.Error(err)
	}
}

func TestLayerRefusesSymlinks(t *testing.T) {
	dir := testtree.Write(t, map[string]string{"go/template.yaml": "name: go\n"})
	secret := filepath.Join(t.TempDir(), "id_rsa")
	os.WriteFile(secret, []byte("secret"), 0o600)
	if err := os.Symlink(secret, filepath.Join(dir, "go", "Dockerfile.tmpl")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	src, err := Resolve(t.Context(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(base, src)
	if err == nil || !strings.Contains(err.Error(), "go/Dockerfile.tmpl") || !strings.Contains(err.Error(), "link") {
		t.Fatalf("Load = %v, want a refusal naming go/Dockerfile.tmpl", err)
	}
}

func TestResolveDirErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	for spec, want := range map[string]string{
		filepath.Join(t.TempDir(), "nope"): "no such folder",
		file:                               "is a file",
	} {
		if _, err := Resolve(t.Context(), spec, Options{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Resolve(%s) = %v, want %q", spec, err, want)
		}
	}
}

func TestIsTemplateFile(t *testing.T) {
	for name, want := range map[string]bool{
		"go/Dockerfile.tmpl":   true,
		"go/template.yaml":     true,
		"partials/labels.tmpl": true,
		"README.md":            false,
		"Dockerfile.tmpl":      false,
		"go/deep/x.tmpl":       false,
		".git/config.yaml":     false,
		"go/.hidden.tmpl":      false,
		"go/notes.txt":         false,
	} {
		if got := IsTemplateFile(name); got != want {
			t.Errorf("IsTemplateFile(%s) = %v, want %v", name, got, want)
		}
	}
}
