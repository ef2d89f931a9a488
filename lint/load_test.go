package lint_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/lint"
)

func TestExpandAndLoad(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"Dockerfile": "FROM a\n", "Dockerfile.dev": "FROM b\n", "web.Dockerfile": "FROM c\n", "Containerfile": "FROM d\n",
		"Dockerfile.dockerignore": "only-for-Dockerfile\n", "Dockerfile.dev.dockerignore": "x\n", ".dockerignore": "context\n",
		"notes.txt": "", "Makefile": "",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "Dockerfile.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, errs := lint.Expand([]string{dir})
	if errs != nil {
		t.Fatal(errs)
	}
	want := []string{"Containerfile", "Dockerfile", "Dockerfile.dev", "web.Dockerfile"}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand: got %v, want %v", got, want)
	}

	// <Dockerfile>.dockerignore beside the Dockerfile wins over the context's.
	in, err := lint.Load(filepath.Join(dir, "Dockerfile"), "")
	if err != nil {
		t.Fatal(err)
	}
	if in.Ignore == nil || in.Ignore.Path != filepath.Join(dir, "Dockerfile.dockerignore") || string(in.Content) != "FROM a\n" {
		t.Errorf("Load Dockerfile: %+v", in.Ignore)
	}
	in, err = lint.Load(filepath.Join(dir, "web.Dockerfile"), "")
	if err != nil {
		t.Fatal(err)
	}
	if in.Ignore == nil || in.Ignore.Path != filepath.Join(dir, ".dockerignore") {
		t.Errorf("Load web.Dockerfile: want the context's .dockerignore, got %+v", in.Ignore)
	}
	other := t.TempDir()
	in, err = lint.Load(filepath.Join(dir, "web.Dockerfile"), other)
	if err != nil || in.Ignore != nil {
		t.Errorf("Load with a context without .dockerignore: %+v, %v", in.Ignore, err)
	}
	if _, err := lint.Load(filepath.Join(dir, "Dockerfile.d"), ""); err == nil {
		t.Error("Load of a folder must fail")
	}
	if _, errs := lint.Expand([]string{filepath.Join(dir, "nothere")}); len(errs) != 1 {
		t.Errorf("Expand of a missing path must fail, got %v", errs)
	}
}

// One path that gives no Dockerfile does not hide the others: each bad
// path is its own error, naming it, and every good one is expanded.
func TestExpandKeepsGoing(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"bad/Dockerfile": "FROM a\n", "readme-only/README.md": "# hi\n", "svc/api.Dockerfile": "FROM b\n"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := func(s string) string { return filepath.Join(dir, s) }
	files, errs := lint.Expand([]string{p("nope"), p("bad/Dockerfile"), p("readme-only"), p("svc"), p("bad/../bad/Dockerfile")})
	if want := []string{p("bad/Dockerfile"), p("svc/api.Dockerfile")}; !reflect.DeepEqual(files, want) {
		t.Errorf("files: got %v, want %v", files, want)
	}
	if len(errs) != 2 || !strings.HasPrefix(errs[0].Error(), p("nope")+": ") || !strings.HasPrefix(errs[1].Error(), p("readme-only")+": no Dockerfile in this folder") {
		t.Errorf("errors: got %q, want one naming nope and one naming readme-only", errs)
	}
}

// The names a folder expands to are the documented ones, in any case;
// lower-case dockerfile is BuildKit's fallback for Dockerfile.
func TestIsDockerfileName(t *testing.T) {
	for name, want := range map[string]bool{
		"Dockerfile": true, "dockerfile": true, "DOCKERFILE": true, "Dockerfile.dev": true, "dockerfile.prod": true,
		"api.Dockerfile": true, "api.dockerfile": true, "Containerfile": true, "containerfile": true, "Containerfile.ci": true,
		"Dockerfile.dockerignore": false, "Containerfile.containerignore": false, "api.Dockerfile.dockerignore": false,
		"Dockerfile.": false, ".Dockerfile": false, "Dockerfiles": false, "Dockerfile~": false, "Dockerfile-dev": false,
		"Containerfiles": false, "README.md": false, "Makefile": false,
	} {
		if got := lint.IsDockerfileName(name); got != want {
			t.Errorf("IsDockerfileName(%q) = %v, want %v", name, got, want)
		}
	}
}
