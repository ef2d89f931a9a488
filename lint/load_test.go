package lint_test

import (
	"os"
	"path/filepath"
	"reflect"
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
	got, err := lint.Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
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
	if _, err := lint.Expand([]string{filepath.Join(dir, "nothere")}); err == nil {
		t.Error("Expand of a missing path must fail")
	}
}
