package config

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// A .stagecraft.yaml claiming 3 GB is refused with a config error naming
// it, and never read into memory.
func TestHugeConfigIsNotRead(t *testing.T) {
	name := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(name, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(name, 3<<30); err != nil {
		t.Skipf("no sparse files here: %v", err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Load(name)
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("Load allocated %d MB", alloc>>20)
	}
	var ce *Error
	if !errors.As(err, &ce) || ce.File != name || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("got %v, want a config error on %s saying it is too large", err, name)
	}
}

// A folder or a missing file is an error, never a hang or a panic.
func TestConfigNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("a folder: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a missing file: %v", err)
	}
}
