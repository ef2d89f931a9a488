package detect

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// Size caps: manifests are small; anything larger is not what it claims to be.
const (
	maxManifestBytes = 4 << 20
	maxSourceBytes   = 1 << 20
	maxIgnoreBytes   = 1 << 20
)

// Folders never walked into. vendor is skipped for language statistics and
// source scanning; Go detection checks vendor/modules.txt directly.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true, "vendor": true,
	".venv": true, "venv": true, "__pycache__": true, ".gradle": true, ".idea": true,
	".vscode": true, ".tox": true, ".mypy_cache": true, ".pytest_cache": true,
	".next": true, ".nuxt": true, ".svelte-kit": true, "target": true,
}

// index is one bounded walk over the tree: every regular file's path and
// size, read on demand with size caps. Symlinks are never followed.
type index struct {
	fsys     fs.FS
	files    []fileEntry // sorted by path
	byPath   map[string]int
	warnings []string
	// readErrs keeps why a file could not be read, for the error that
	// names it (too large, binary, unreadable).
	readErrs map[string]error
}

type fileEntry struct {
	path string
	size int64
}

func newIndex(fsys fs.FS) (*index, error) {
	ix := &index{fsys: fsys, byPath: map[string]int{}, readErrs: map[string]error{}}
	ignore := ix.loadIgnore()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			ix.warn("%s: cannot read (%v); skipped", p, errors.Unwrap(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil // never followed: a link may leave the tree or loop
		}
		if d.IsDir() {
			if p != "." && (skipDirs[d.Name()] || ignore.matches(p, true)) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || ignore.matches(p, false) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			ix.warn("%s: cannot stat (%v); skipped", p, err)
			return nil
		}
		ix.byPath[p] = len(ix.files)
		ix.files = append(ix.files, fileEntry{path: p, size: info.Size()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(ix.files, func(i, j int) bool { return ix.files[i].path < ix.files[j].path })
	for i, f := range ix.files {
		ix.byPath[f.path] = i
	}
	return ix, nil
}

func (ix *index) warn(format string, args ...any) {
	ix.warnings = append(ix.warnings, fmt.Sprintf(format, args...))
}

// has reports whether the walk saw a regular file at p.
func (ix *index) has(p string) bool {
	_, ok := ix.byPath[p]
	return ok
}

// exists checks p directly, for files inside folders the walk skips
// (vendor/modules.txt). A symlink does not count.
func (ix *index) exists(p string) bool {
	if ix.has(p) {
		return true
	}
	info, err := lstat(ix.fsys, p)
	return err == nil && info.Mode().IsRegular()
}

func lstat(fsys fs.FS, p string) (fs.FileInfo, error) {
	if rl, ok := fsys.(fs.ReadLinkFS); ok {
		return rl.Lstat(p)
	}
	return fs.Stat(fsys, p)
}

// under returns the files below dir ("." for all), in path order.
func (ix *index) under(dir string) []fileEntry {
	if dir == "." || dir == "" {
		return ix.files
	}
	prefix := dir + "/"
	lo := sort.Search(len(ix.files), func(i int) bool { return ix.files[i].path >= prefix })
	hi := lo
	for hi < len(ix.files) && strings.HasPrefix(ix.files[hi].path, prefix) {
		hi++
	}
	return ix.files[lo:hi]
}

// named returns every file whose base name is one of names, in path order.
func (ix *index) named(names ...string) []string {
	var out []string
	for _, f := range ix.files {
		base := path.Base(f.path)
		for _, n := range names {
			if base == n {
				out = append(out, f.path)
				break
			}
		}
	}
	return out
}

// readManifest reads a manifest, refusing oversized or binary files with a warning.
func (ix *index) readManifest(p string) ([]byte, bool) {
	return ix.readCapped(p, maxManifestBytes)
}

// readSource reads a source file for scanning, with a smaller cap.
func (ix *index) readSource(p string) ([]byte, bool) {
	return ix.readCapped(p, maxSourceBytes)
}

func (ix *index) readCapped(p string, limit int64) ([]byte, bool) {
	dt, err := readCapped(ix.fsys, p, limit)
	if err != nil {
		ix.warn("%s: %v; skipped", p, err)
		ix.readErrs[p] = err
		return nil, false
	}
	return dt, true
}

// unreadable is the error for a manifest readManifest refused: it says why
// (too large, binary, unreadable), so the user sees it without the warnings.
func (ix *index) unreadable(p string) *ManifestError {
	err := ix.readErrs[p]
	if err == nil {
		err = errors.New("cannot be read")
	}
	return &ManifestError{File: p, Err: fmt.Errorf("cannot be read: %w; not used", err)}
}

// head reads at most n bytes from the start of p (nil when it cannot).
func (ix *index) head(p string, n int) []byte {
	f, err := ix.fsys.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	buf := make([]byte, n)
	m, _ := io.ReadFull(f, buf)
	return buf[:m]
}

var errTooLarge = errors.New("file too large")

func readCapped(fsys fs.FS, p string, limit int64) ([]byte, error) {
	info, err := lstat(fsys, p)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%w (%d bytes, limit %d)", errTooLarge, info.Size(), limit)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dt, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(dt)) > limit {
		return nil, fmt.Errorf("%w (limit %d bytes)", errTooLarge, limit)
	}
	if bytes.IndexByte(dt[:min(len(dt), 8000)], 0) >= 0 {
		return nil, fmt.Errorf("binary content, not a text file")
	}
	return dt, nil
}

// ignoreSet is the root .gitignore and .dockerignore: what a user does not
// consider part of the source is not scanned either.
type ignoreSet struct {
	matchers []*patternmatcher.PatternMatcher
}

func (ix *index) loadIgnore() ignoreSet {
	var set ignoreSet
	for _, name := range []string{".gitignore", ".dockerignore"} {
		dt, err := readCapped(ix.fsys, name, maxIgnoreBytes)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				ix.warn("%s: %v; its patterns are not applied", name, err)
			}
			continue
		}
		patterns, err := ignorefile.ReadAll(bytes.NewReader(dt))
		if err != nil {
			ix.warn("%s: %v; its patterns are not applied", name, err)
			continue
		}
		if name == ".gitignore" {
			patterns = gitignoreToDocker(patterns)
		}
		m, err := patternmatcher.New(patterns)
		if err != nil {
			ix.warn("%s: %v; its patterns are not applied", name, err)
			continue
		}
		set.matchers = append(set.matchers, m)
	}
	return set
}

// gitignoreToDocker turns gitignore patterns into .dockerignore ones: a
// gitignore pattern without an inner slash matches at any depth.
func gitignoreToDocker(patterns []string) []string {
	out := make([]string, 0, len(patterns))
	for _, p := range patterns {
		neg := strings.HasPrefix(p, "!")
		body := strings.TrimPrefix(p, "!")
		body = strings.TrimSuffix(body, "/")
		if body == "" {
			continue
		}
		if !strings.Contains(body, "/") {
			body = "**/" + body
		}
		if neg {
			body = "!" + body
		}
		out = append(out, body)
	}
	return out
}

func (s ignoreSet) matches(p string, isDir bool) bool {
	for _, m := range s.matchers {
		if ok, err := m.MatchesOrParentMatches(p); err == nil && ok {
			// A manifest at the root is read even when ignored: a
			// .dockerignore listing go.mod is a mistake, not a wish.
			return isDir || strings.Contains(p, "/") || !isRootManifest(p)
		}
	}
	return false
}

func isRootManifest(name string) bool {
	for _, d := range detectors {
		for _, m := range d.manifests {
			if m == name {
				return true
			}
		}
	}
	return false
}
