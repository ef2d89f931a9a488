// Package testtree writes small file trees for tests: one helper instead of
// a copy in every package that needs a project on disk.
package testtree

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files (slash paths to contents) under a new temporary
// folder and returns the folder.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	WriteIn(t, dir, files)
	return dir
}

// WriteIn writes files under dir, creating folders as needed.
func WriteIn(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
