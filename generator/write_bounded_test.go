package generator

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// A 3 GB file where the Dockerfile goes is not read into memory: it is
// someone else's file (no header), so it is kept, and --force replaces it.
func TestHugeExistingDockerfileIsNotRead(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(name, []byte("FROM scratch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(name, 3<<30); err != nil {
		t.Skipf("no sparse files here: %v", err)
	}
	files := []File{{Path: "Dockerfile", Content: []byte("# syntax=docker/dockerfile:1\n" + Header + "\nFROM scratch\n")}}
	alloc := func(fn func()) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		fn()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	var err error
	if a := alloc(func() { _, err = (Disk{Root: dir}).Write(files) }); a > 16<<20 {
		t.Errorf("Write allocated %d MB", a>>20)
	}
	var ce *ClobberError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want a ClobberError: the file is not stagecraft's", err)
	}
	if a := alloc(func() { _, err = (Check{Root: dir}).Write(files) }); a > 16<<20 || err != nil {
		t.Errorf("Check allocated %d MB, err %v", a>>20, err)
	}
	if _, err := (Disk{Root: dir, Force: true}).Write(files); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(name); err != nil || info.Size() != int64(len(files[0].Content)) {
		t.Fatalf("--force did not replace the file: %v %v", info, err)
	}
}
