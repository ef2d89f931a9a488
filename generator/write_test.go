package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func genFile(body string) []byte { return []byte(Header + "\n" + body) }

func TestDiskWritesAndLeavesIdenticalFilesAlone(t *testing.T) {
	dir := t.TempDir()
	files := []File{{Path: "Dockerfile", Content: genFile("FROM x\n")}, {Path: ".dockerignore", Content: genFile(".git\n")}}
	res, err := Disk{Root: dir}.Write(files)
	if err != nil || res[0].Action != Written || res[1].Action != Written {
		t.Fatalf("%v %+v", err, res)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "Dockerfile"), old, old)
	res, err = Disk{Root: dir}.Write(files)
	if err != nil || res[0].Action != Unchanged {
		t.Fatalf("%v %+v", err, res)
	}
	info, _ := os.Stat(filepath.Join(dir, "Dockerfile"))
	if !info.ModTime().Equal(old) {
		t.Fatal("an unchanged file was rewritten (mtime moved)")
	}
}

func TestDiskRefusesHandWrittenFilesWithoutForce(t *testing.T) {
	dir := t.TempDir()
	hand := filepath.Join(dir, "Dockerfile")
	os.WriteFile(hand, []byte("FROM mine\n"), 0o600)
	files := []File{{Path: ".dockerignore", Content: genFile(".git\n")}, {Path: "Dockerfile", Content: genFile("FROM x\n")}}
	_, err := Disk{Root: dir}.Write(files)
	var ce *ClobberError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("want a ClobberError, got %v", err)
	}
	if dt, _ := os.ReadFile(hand); string(dt) != "FROM mine\n" {
		t.Fatal("the hand-written file changed")
	}
	if _, err := os.Stat(filepath.Join(dir, ".dockerignore")); !os.IsNotExist(err) {
		t.Fatal("a refusal still wrote the other file")
	}
	if _, err := (Disk{Root: dir, Force: true}).Write(files); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(hand)
	if dt, _ := os.ReadFile(hand); !IsGenerated(dt) || info.Mode().Perm() != 0o600 {
		t.Fatalf("--force did not replace the file keeping its mode: %s %v", dt, info.Mode())
	}
}

func TestDiskReplacesGeneratedFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Dockerfile"), genFile("FROM old\n"), 0o644)
	res, err := Disk{Root: dir}.Write([]File{{Path: "Dockerfile", Content: genFile("FROM new\n")}})
	if err != nil || res[0].Action != Written {
		t.Fatalf("%v %+v", err, res)
	}
}

func TestDiskRefusesSymlinksAndReadOnlyFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real")
	os.WriteFile(target, genFile("FROM old\n"), 0o644)
	os.Symlink(target, filepath.Join(dir, "Dockerfile"))
	_, err := Disk{Root: dir, Force: true}.Write([]File{{Path: "Dockerfile", Content: genFile("FROM new\n")}})
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("got %v", err)
	}
	ro := filepath.Join(dir, "ro", "Dockerfile")
	os.MkdirAll(filepath.Dir(ro), 0o755)
	os.WriteFile(ro, genFile("FROM old\n"), 0o444)
	// Messages name the file as the user knows it (Disk.Name), not by its
	// absolute path.
	named := Disk{Root: dir, Name: func(rel string) string { return "svc/" + rel }}
	_, err = named.Write([]File{{Path: "ro/Dockerfile", Content: genFile("FROM new\n")}})
	if err == nil || err.Error() != "svc/ro/Dockerfile is read-only; make it writable (chmod u+w) if it should be regenerated" {
		t.Fatalf("got %v", err)
	}
	if dt, _ := os.ReadFile(ro); string(dt) != string(genFile("FROM old\n")) {
		t.Fatal("read-only file changed")
	}
}

func TestCheckReportsDrift(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "Dockerfile"), genFile("FROM old\n"), 0o644)
	res, err := Check{Root: dir}.Write([]File{{Path: "Dockerfile", Content: genFile("FROM new\n")}, {Path: ".dockerignore", Content: genFile("x\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Action != WouldChange || !strings.Contains(string(res[0].Diff), "-FROM old\n+FROM new") {
		t.Fatalf("%+v %s", res[0], res[0].Diff)
	}
	if res[1].Action != WouldChange {
		t.Fatalf("a missing file is drift: %+v", res[1])
	}
	if dt, _ := os.ReadFile(filepath.Join(dir, "Dockerfile")); string(dt) != string(genFile("FROM old\n")) {
		t.Fatal("check wrote")
	}
}

func TestDiskRefusesAnotherUsersFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "Dockerfile")
	os.WriteFile(p, genFile("FROM old\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".dockerignore"), genFile("x\n"), 0o644)
	defer func(f func() int) { euid = f }(euid)
	euid = func() int { return 4242 } // not root, and not the owner
	_, err := Disk{Root: dir, Force: true}.Write([]File{{Path: ".dockerignore", Content: genFile("y\n")}, {Path: "Dockerfile", Content: genFile("FROM new\n")}})
	if err == nil || !strings.Contains(err.Error(), "belongs to another user") {
		t.Fatalf("got %v", err)
	}
	if dt, _ := os.ReadFile(filepath.Join(dir, ".dockerignore")); string(dt) != string(genFile("x\n")) {
		t.Fatal("a refusal still wrote the other file")
	}
}

func TestRootKeepsTheOwnerOfAReplacedFile(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file away")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "Dockerfile")
	os.WriteFile(p, genFile("FROM old\n"), 0o640)
	if err := os.Chown(p, 4242, 4343); err != nil {
		t.Skip(err)
	}
	if _, err := (Disk{Root: dir}).Write([]File{{Path: "Dockerfile", Content: genFile("FROM new\n")}}); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(p)
	uid, gid, _ := fileOwner(info)
	if uid != 4242 || gid != 4343 || info.Mode().Perm() != 0o640 {
		t.Fatalf("owner %d:%d mode %v, want 4242:4343 0640", uid, gid, info.Mode().Perm())
	}
}

// A run killed mid-write leaves its temporary file; the next write
// removes it once it is old, and leaves a young one (a run still writing)
// and files that only look alike.
func TestDiskRemovesTempFilesLeftByKilledRuns(t *testing.T) {
	dir := t.TempDir()
	put := func(name string, age time.Duration) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
		when := time.Now().Add(-age)
		os.Chtimes(p, when, when)
		return p
	}
	stale := put(".Dockerfile.stagecraft-123", time.Hour)
	young := put(".Dockerfile.stagecraft-456", time.Second)
	other := put(".Dockerfile.other-789", time.Hour)
	notes := put(".Dockerfile.stagecraft-notes", time.Hour) // not a temp file's name
	otherTarget := put(".api.Dockerfile.stagecraft-1", time.Hour)
	if _, err := (Disk{Root: dir}).Write([]File{{Path: "Dockerfile", Content: genFile("FROM x\n")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temp file kept: %v", err)
	}
	for _, p := range []string{young, other, otherTarget, notes} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", filepath.Base(p), err)
		}
	}
}
