// Package examples_test checks the examples as a user would run them.
package examples_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func goTool(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		t.Skip("no go command")
	}
	return p
}

// goGenerate runs `go generate ./...` in dir and returns its output.
func goGenerate(t *testing.T, dir string) (string, string) {
	t.Helper()
	cmd := exec.Command(goTool(t), "generate", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "NO_COLOR=1")
	cmd.Stdin = nil // go generate must not ask anything
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		hint := ""
		if strings.Contains(errOut.String(), "missing go.sum entry") {
			hint = "\n(stagecraft's dependencies changed: run `go mod tidy -modfile=tools.mod` in examples/go-generate, or `task tidy`)"
		}
		t.Fatalf("go generate ./...: %v\n%s%s%s", err, out.String(), errOut.String(), hint)
	}
	return out.String(), errOut.String()
}

// TestGoGenerate runs examples/go-generate the way its README says: `go
// generate ./...` reads .stagecraft.yaml, prints one line per file, and a
// run with nothing to change writes nothing (mtimes stay). It works on a
// copy whose tools.mod points at this checkout, so the repository is never
// written.
func TestGoGenerate(t *testing.T) {
	src, err := filepath.Abs("go-generate")
	if err != nil {
		t.Fatal(err)
	}
	repo := filepath.Dir(filepath.Dir(src))
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "main.go", "tools.mod", "tools.sum", ".stagecraft.yaml", "Dockerfile", ".dockerignore"} {
		dt, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "tools.mod" {
			if !bytes.Contains(dt, []byte("=> ../..\n")) {
				t.Fatal("tools.mod no longer replaces stagecraft with ../..; update this test")
			}
			dt = bytes.Replace(dt, []byte("=> ../..\n"), []byte("=> "+repo+"\n"), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, name), dt, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, _ := os.ReadFile(filepath.Join(src, "Dockerfile"))

	// The committed files are what the config produces.
	out, errOut := goGenerate(t, dir)
	if want := "Dockerfile is up to date\n.dockerignore is up to date\n"; out != want || errOut != "" {
		t.Fatalf("committed example is stale (run go generate in examples/go-generate):\nstdout:\n%sstderr:\n%s", out, errOut)
	}

	// A missing file is written, and only it.
	if err := os.Remove(filepath.Join(dir, "Dockerfile")); err != nil {
		t.Fatal(err)
	}
	out, _ = goGenerate(t, dir)
	if want := "wrote Dockerfile\n.dockerignore is up to date\n"; out != want {
		t.Errorf("after removing the Dockerfile:\n%swant\n%s", out, want)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "Dockerfile")); !bytes.Equal(got, committed) {
		t.Errorf("regenerated Dockerfile differs from the committed one:\n%s", got)
	}

	// A second run writes nothing: the modification times stay as they were.
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, name := range []string{"Dockerfile", ".dockerignore"} {
		if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	out, _ = goGenerate(t, dir)
	if want := "Dockerfile is up to date\n.dockerignore is up to date\n"; out != want {
		t.Errorf("second run:\n%swant\n%s", out, want)
	}
	for _, name := range []string{"Dockerfile", ".dockerignore"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !info.ModTime().Equal(old) {
			t.Errorf("%s was rewritten (mtime %v)", name, info.ModTime())
		}
	}
	if strings.Contains(out, "?") {
		t.Errorf("go generate asked something:\n%s", out)
	}
}
