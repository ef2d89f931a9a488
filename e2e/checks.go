package e2e

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// MatchPath reports whether name (a slash path without a leading slash)
// matches pattern: path.Match syntax, where a leading "**/" matches any
// number of leading folders (none included).
func MatchPath(pattern, name string) bool {
	rest, deep := strings.CutPrefix(pattern, "**/")
	if !deep {
		ok, _ := path.Match(pattern, name)
		return ok
	}
	for {
		if ok, _ := path.Match(rest, name); ok {
			return true
		}
		i := strings.IndexByte(name, '/')
		if i < 0 {
			return false
		}
		name = name[i+1:]
	}
}

// Present returns "pattern: path" for every name that matches one of the
// patterns.
func Present(patterns, names []string) []string {
	var out []string
	for _, n := range names {
		for _, p := range patterns {
			if MatchPath(p, n) {
				out = append(out, p+": "+n)
				break
			}
		}
	}
	return out
}

// Listing is a container file system read from `docker export`: every
// path, and the content of the few files the checks read.
type Listing struct {
	Names []string
	Files map[string][]byte // etc/passwd, etc/group
}

// ReadListing reads a `docker export` tar stream.
func ReadListing(r io.Reader) (Listing, error) {
	l := Listing{Files: map[string][]byte{}}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return l, nil
		}
		if err != nil {
			return l, err
		}
		name := strings.Trim(strings.TrimPrefix(path.Clean("/"+h.Name), "/"), "/")
		if name == "" {
			continue
		}
		l.Names = append(l.Names, name)
		if (name == "etc/passwd" || name == "etc/group") && h.Typeflag == tar.TypeReg {
			data, err := io.ReadAll(io.LimitReader(tr, 1<<20))
			if err != nil {
				return l, err
			}
			l.Files[name] = data
		}
	}
}

// CheckUser resolves an image's configured USER against its /etc/passwd
// and returns the uid; an empty user, uid 0 or root is an error.
func CheckUser(user string, passwd []byte) (int, error) {
	name, _, _ := strings.Cut(user, ":")
	if name == "" {
		return 0, errors.New("no USER: the container runs as root")
	}
	if uid, err := strconv.Atoi(name); err == nil {
		if uid == 0 {
			return 0, fmt.Errorf("USER %s: uid 0 is root", user)
		}
		return uid, nil
	}
	for _, line := range strings.Split(string(passwd), "\n") {
		f := strings.Split(line, ":")
		if len(f) >= 3 && f[0] == name {
			uid, err := strconv.Atoi(f[2])
			if err != nil {
				return 0, fmt.Errorf("USER %s: /etc/passwd has uid %q", user, f[2])
			}
			if uid == 0 {
				return 0, fmt.Errorf("USER %s: uid 0 is root", user)
			}
			return uid, nil
		}
	}
	return 0, fmt.Errorf("USER %s: no such user in the image's /etc/passwd", user)
}

// Step is one BuildKit vertex from a --progress=plain log.
type Step struct {
	ID     int
	Name   string
	Cached bool
}

var progressLine = regexp.MustCompile(`^#([0-9]+) (.*)$`)

// ParseProgress reads the vertices of a BuildKit --progress=plain log: the
// first line of a vertex is its name, and "#N CACHED" marks it cached.
func ParseProgress(log string) []Step {
	var steps []Step
	index := map[int]int{}
	for _, line := range strings.Split(log, "\n") {
		m := progressLine.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		id, _ := strconv.Atoi(m[1])
		i, seen := index[id]
		if !seen {
			index[id] = len(steps)
			steps = append(steps, Step{ID: id, Name: m[2]})
			continue
		}
		if strings.TrimSpace(m[2]) == "CACHED" {
			steps[i].Cached = true
		}
	}
	return steps
}

// DepsSteps returns the Dockerfile steps ("[stage n/m] …") whose
// instruction contains text, comparing with runs of spaces collapsed.
func DepsSteps(log, text string) []Step {
	want := strings.Join(strings.Fields(text), " ")
	var out []Step
	for _, s := range ParseProgress(log) {
		if strings.HasPrefix(s.Name, "[") && strings.Contains(strings.Join(strings.Fields(s.Name), " "), want) {
			out = append(out, s)
		}
	}
	return out
}

// needleWriter remembers whether the bytes written to it contain needle,
// across write boundaries.
type needleWriter struct {
	needle []byte
	tail   []byte
	found  bool
}

func (w *needleWriter) Write(p []byte) (int, error) {
	if w.found || len(w.needle) == 0 {
		return len(p), nil
	}
	buf := make([]byte, 0, len(w.tail)+len(p))
	buf = append(append(buf, w.tail...), p...)
	if bytes.Contains(buf, w.needle) {
		w.found = true
		return len(p), nil
	}
	keep := min(len(w.needle)-1, len(buf))
	w.tail = append(w.tail[:0], buf[len(buf)-keep:]...)
	return len(p), nil
}

// ScanArchive reads a `docker save` tar stream and returns where needle
// occurs: the names of the entries holding it (gzip-compressed entries,
// such as compressed layers, are searched decompressed), or "the archive"
// when it is only found across entry boundaries or in headers.
func ScanArchive(r io.Reader, needle []byte) ([]string, error) {
	if len(needle) == 0 {
		return nil, errors.New("empty needle")
	}
	raw := &needleWriter{needle: needle}
	tr := tar.NewReader(io.TeeReader(r, raw))
	var hits []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return hits, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		found, err := entryContains(tr, needle)
		if err != nil {
			return hits, fmt.Errorf("%s: %w", h.Name, err)
		}
		if found {
			hits = append(hits, h.Name)
		}
	}
	if _, err := io.Copy(io.Discard, io.TeeReader(r, raw)); err != nil {
		return hits, err
	}
	if raw.found && len(hits) == 0 {
		hits = append(hits, "the archive")
	}
	return hits, nil
}

func entryContains(r io.Reader, needle []byte) (bool, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(4)
	var src io.Reader = br
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return false, err
		}
		defer zr.Close()
		src = zr
	case bytes.Equal(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return false, errors.New("zstd-compressed: cannot search it; save the image uncompressed")
	}
	w := &needleWriter{needle: needle}
	if _, err := io.Copy(w, src); err != nil {
		return false, err
	}
	return w.found, nil
}

// CopyTree copies the regular files and folders of src into dst (created),
// leaving out the root-level names in skip. Symlinks are copied as links.
func CopyTree(src, dst string, skip ...string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		for _, s := range skip {
			if rel == s {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, info.Mode().Perm())
		}
		return nil
	})
}

// Row is one line of the report: one variant of one example.
type Row struct {
	Example    string  `json:"example"`
	Variant    string  `json:"variant"`
	Runtime    string  `json:"runtime"`
	SizeMB     float64 `json:"size_mb"`
	BudgetMB   float64 `json:"budget_mb"`
	Layers     int     `json:"layers"`
	ColdS      float64 `json:"cold_build_s"`
	RebuildS   float64 `json:"rebuild_s"`
	NoSyntaxS  float64 `json:"no_syntax_build_s"`
	DepsCached string  `json:"deps_cached"` // yes, no, or "-" when not reached
	Result     string  `json:"result"`      // pass, FAIL, skip: …
}

// FormatReport renders rows as a Markdown table.
func FormatReport(rows []Row) string {
	var b strings.Builder
	b.WriteString("| example | variant | runtime | image size | budget | layers | cold build | rebuild after edit | deps cached | no-syntax build | result |\n")
	b.WriteString("|---|---|---|---:|---:|---:|---:|---:|---|---:|---|\n")
	num := func(v float64, unit string) string {
		if v == 0 {
			return "-"
		}
		return strconv.FormatFloat(v, 'f', 1, 64) + unit
	}
	for _, r := range rows {
		layers := "-"
		if r.Layers > 0 {
			layers = strconv.Itoa(r.Layers)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.Example, r.Variant, dash(r.Runtime), num(r.SizeMB, " MB"), num(r.BudgetMB, " MB"), layers,
			num(r.ColdS, " s"), num(r.RebuildS, " s"), dash(r.DepsCached), num(r.NoSyntaxS, " s"), dash(r.Result))
	}
	return b.String()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return strings.ReplaceAll(s, "|", "/")
}

var tagUnsafe = regexp.MustCompile(`[^a-z0-9._-]+`)

// TagPart makes s usable in an image name.
func TagPart(s string) string {
	s = strings.Trim(tagUnsafe.ReplaceAllString(strings.ToLower(s), "-"), "-._")
	if s == "" {
		return "x"
	}
	return s
}
