package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestMatchPath(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"usr/local/go", "usr/local/go", true},
		{"usr/local/go", "usr/local/go/bin/go", false},
		{"**/bin/go", "usr/local/go/bin/go", true},
		{"**/bin/go", "bin/go", true},
		{"**/bin/go", "usr/bin/gofmt", false},
		{"**/bin/gcc-[0-9]*", "usr/bin/gcc-12", true},
		{"**/bin/gcc-[0-9]*", "usr/bin/gcc-ar", false},
		{"**/*.go", "app/main.go", true},
		{"**/*.go", "main.go", true},
		{"**/*.go", "app/go-api", false},
		{"app/admin", "app/admin", true},
		{"app/admin", "app/server", false},
	} {
		if got := MatchPath(c.pattern, c.name); got != c.want {
			t.Errorf("MatchPath(%q, %q) = %v, want %v", c.pattern, c.name, got, c.want)
		}
	}
}

func TestPresentDefaults(t *testing.T) {
	// A distroless-like listing is clean; a builder-like one is not.
	clean := []string{"app", "app/go-api", "etc/passwd", "usr/share/zoneinfo/UTC", "usr/lib/os-release"}
	if got := Present(DefaultAbsent, clean); len(got) != 0 {
		t.Errorf("clean listing: got %v", got)
	}
	dirty := []string{"usr/local/go", "usr/local/go/bin/go", "usr/bin/gcc-12", "usr/bin/x86_64-linux-gnu-gcc-12", "usr/lib/jvm/java-17/bin/javac"}
	got := Present(DefaultAbsent, dirty)
	if len(got) != len(dirty) {
		t.Errorf("builder listing: want every path reported, got %v", got)
	}
}

func TestCheckUser(t *testing.T) {
	passwd := []byte("root:x:0:0:root:/root:/bin/sh\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\nnode:x:1000:1000::/home/node:/bin/sh\n")
	for _, c := range []struct {
		user    string
		uid     int
		wantErr string
	}{
		{"65532:65532", 65532, ""},
		{"10001", 10001, ""},
		{"nonroot", 65532, ""},
		{"node:node", 1000, ""},
		{"", 0, "runs as root"},
		{"0", 0, "uid 0"},
		{"0:0", 0, "uid 0"},
		{"root", 0, "uid 0"},
		{"ghost", 0, "no such user"},
	} {
		uid, err := CheckUser(c.user, passwd)
		if c.wantErr == "" {
			if err != nil || uid != c.uid {
				t.Errorf("CheckUser(%q) = %d, %v; want %d", c.user, uid, err, c.uid)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("CheckUser(%q) error = %v; want one containing %q", c.user, err, c.wantErr)
		}
	}
}

// A --progress=plain log as Docker 20.10 prints it (trimmed).
const plainLog = `#1 [internal] load build definition from Dockerfile
#1 sha256:6a1f
#1 transferring dockerfile: 1.02kB done
#1 DONE 0.0s

#14 [build 3/6] COPY go.mod go.sum ./
#14 sha256:82a2
#14 CACHED

#15 [build 4/6] RUN --mount=type=cache,target=/go/pkg/mod     go mod download
#15 sha256:5089
#15 CACHED

#17 [build 6/6] RUN --mount=type=cache,target=/go/pkg/mod     --mount=type=cache,target=/root/.cache/go-build     CGO_ENABLED=0     go build -o /out/go-api .
#17 sha256:a2bc
#17 0.512 go: downloading github.com/google/uuid v1.6.0
#17 DONE 30.6s
`

func TestDepsSteps(t *testing.T) {
	steps := ParseProgress(plainLog)
	if len(steps) != 4 {
		t.Fatalf("got %d steps: %+v", len(steps), steps)
	}
	deps := DepsSteps(plainLog, "go mod download")
	if len(deps) != 1 || deps[0].ID != 15 || !deps[0].Cached {
		t.Errorf("go mod download: got %+v", deps)
	}
	// The build step mentions the module cache but is not the download step,
	// and it ran.
	build := DepsSteps(plainLog, "go build")
	if len(build) != 1 || build[0].Cached {
		t.Errorf("go build: got %+v", build)
	}
	// Runs of spaces in the spec's text do not matter; unknown text finds nothing.
	if len(DepsSteps(plainLog, "go  mod   download")) != 1 || len(DepsSteps(plainLog, "npm ci")) != 0 {
		t.Error("whitespace-insensitive match failed")
	}
	// A line of the step's output is not the step.
	if len(DepsSteps(plainLog, "go: downloading")) != 0 {
		t.Error("matched a line of output instead of a step name")
	}
}

func tarOf(t *testing.T, entries map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(entries[n])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(entries[n])
	}
	tw.Close()
	return buf.Bytes()
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestScanArchive(t *testing.T) {
	needle := []byte("s3cr3t-value-42")
	big := bytes.Repeat([]byte("x"), 32*1024-5) // the needle straddles a 32 KiB read
	layer := func(content []byte) []byte { return tarOf(t, map[string][]byte{"etc/app.conf": content}) }

	clean := tarOf(t, map[string][]byte{
		"manifest.json": []byte(`[{"Layers":["a/layer.tar"]}]`),
		"a/layer.tar":   layer([]byte("nothing here")),
		"b/layer.tar":   gz(layer([]byte("nor here"))),
	})
	if hits, err := ScanArchive(bytes.NewReader(clean), needle); err != nil || len(hits) != 0 {
		t.Errorf("clean archive: hits %v, err %v", hits, err)
	}

	leaky := tarOf(t, map[string][]byte{
		"a/layer.tar": layer(append(slices.Clone(big), needle...)),
		"b/layer.tar": gz(layer(needle)),
		"c.json":      []byte(`{"history":[]}`),
	})
	hits, err := ScanArchive(bytes.NewReader(leaky), needle)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(hits, []string{"a/layer.tar", "b/layer.tar"}) {
		t.Errorf("leaky archive: hits %v, want both layers (the compressed one included)", hits)
	}

	zstd := tarOf(t, map[string][]byte{"blobs/sha256/x": {0x28, 0xb5, 0x2f, 0xfd, 0, 0}})
	if _, err := ScanArchive(bytes.NewReader(zstd), needle); err == nil || !strings.Contains(err.Error(), "zstd") {
		t.Errorf("zstd entry: want an error rather than a blind pass, got %v", err)
	}
}

func TestNeedleWriterAcrossWrites(t *testing.T) {
	w := &needleWriter{needle: []byte("abcdef")}
	for _, part := range []string{"xxab", "c", "dXabcd", "e", "f"} {
		w.Write([]byte(part))
	}
	if !w.found {
		t.Error("needle split over three writes not found")
	}
	w = &needleWriter{needle: []byte("abcdef")}
	w.Write([]byte("abc"))
	w.Write([]byte("xdef"))
	if w.found {
		t.Error("found a needle that is not there")
	}
}

func TestReadListing(t *testing.T) {
	data := tarOf(t, map[string][]byte{
		"./etc/passwd":  []byte("nonroot:x:65532:65532::/:/sbin/nologin\n"),
		"app/go-api":    []byte("\x7fELF"),
		"/usr/lib/os-r": []byte("x"),
	})
	l, err := ReadListing(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(l.Names)
	if want := []string{"app/go-api", "etc/passwd", "usr/lib/os-r"}; !slices.Equal(l.Names, want) {
		t.Errorf("names %v, want %v", l.Names, want)
	}
	if !strings.Contains(string(l.Files["etc/passwd"]), "65532") {
		t.Errorf("etc/passwd not captured: %q", l.Files["etc/passwd"])
	}
}

func TestCopyTreeSkips(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "copy")
	for name, content := range map[string]string{"main.go": "package main", "e2e.json": "{}", "Dockerfile": "FROM x", "cmd/Dockerfile": "kept", "cmd/a.go": "package a"} {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	if err := CopyTree(src, dst, "e2e.json", "Dockerfile"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"main.go": true, "cmd/a.go": true, "cmd/Dockerfile": true, "e2e.json": false, "Dockerfile": false} {
		_, err := os.Stat(filepath.Join(dst, filepath.FromSlash(name)))
		if (err == nil) != want {
			t.Errorf("%s copied = %v, want %v", name, err == nil, want)
		}
	}
}

func TestFormatReport(t *testing.T) {
	got := FormatReport([]Row{
		{Example: "go-api", Variant: "distroless", Runtime: "distroless", SizeMB: 7.31, BudgetMB: 15, Layers: 4, ColdS: 56.4, RebuildS: 1.8, NoSyntaxS: 0.4, DepsCached: "yes", Result: "pass"},
		{Example: "java-maven", Variant: "-", Result: "skip: needs Maven Central | offline"},
	})
	for _, want := range []string{
		"| go-api | distroless | distroless | 7.3 MB | 15.0 MB | 4 | 56.4 s | 1.8 s | yes | 0.4 s | pass |",
		"| java-maven | - | - | - | - | - | - | - | - | - | skip: needs Maven Central / offline |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
}

func TestTagPart(t *testing.T) {
	for in, want := range map[string]string{"go-api-distroless": "go-api-distroless", "Node App/1": "node-app-1", "--": "x"} {
		if got := TagPart(in); got != want {
			t.Errorf("TagPart(%q) = %q, want %q", in, got, want)
		}
	}
}
