package generator

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestHelperWriter is not a test: it is the process TestKilledWriter kills.
// It rewrites the file forever, alternating two contents.
func TestHelperWriter(t *testing.T) {
	target := os.Getenv("STAGECRAFT_WRITER_TARGET")
	if target == "" {
		t.Skip("helper process for TestKilledWriterLeavesAWholeFile")
	}
	a, b := crashContent('a'), crashContent('b')
	for i := 0; ; i++ {
		content := a
		if i%2 == 1 {
			content = b
		}
		if err := writeAtomic(target, "Dockerfile", content, 0o644); err != nil {
			os.Exit(3)
		}
	}
}

func crashContent(c byte) []byte {
	return append([]byte(Header+"\n"), bytes.Repeat([]byte{c}, 256<<10)...)
}

// A writer killed at random moments leaves the old file or the new one,
// never an empty or partial one.
func TestKilledWriterLeavesAWholeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "Dockerfile")
	a, b := crashContent('a'), crashContent('b')
	if err := os.WriteFile(target, a, 0o644); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 25; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
		cmd.Env = append(os.Environ(), "STAGECRAFT_WRITER_TARGET="+target)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rng.IntN(80)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		got, err := os.ReadFile(target)
		if err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
			t.Fatalf("round %d: the file is neither the old nor the new content (%d bytes)", i, len(got))
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".Dockerfile.stagecraft-*"))
	if len(leftovers) > 0 {
		t.Logf("a killed writer leaves its temporary file (%d here); the next run ignores it", len(leftovers))
	}
}

// Two writers at once (parallel go generate) end with one whole file.
func TestConcurrentWritersLeaveOneWholeFile(t *testing.T) {
	dir := t.TempDir()
	a, b := crashContent('a'), crashContent('b')
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		content := a
		if i%2 == 1 {
			content = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				if _, err := (Disk{Root: dir}).Write([]File{{Path: "Dockerfile", Content: content}}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	got, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
		t.Fatalf("interleaved content (%d bytes)", len(got))
	}
}
