// Package tplsource finds a team's template set (a folder or a git
// repository), fetches it into a cache, and layers it over the embedded
// templates: a team file replaces the embedded file of the same path, and
// anything the team does not provide comes from the embedded set. The
// result is an fs.FS that also knows where each file came from.
package tplsource

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing/fstest"
)

// Origin says which layer a template file comes from.
type Origin string

const (
	// Embedded files ship inside stagecraft.
	Embedded Origin = "embedded"
	// Team files come from the team's template source.
	Team Origin = "team"
)

// File is one file of the effective template set and where it came from.
type File struct {
	Name   string `json:"name"`
	Origin Origin `json:"origin"`
	// Overrides is true for a team file that replaces an embedded one;
	// Same when its content is identical to the embedded file's.
	Overrides bool `json:"overrides"`
	Same      bool `json:"same,omitempty"`
}

// FS is the effective template set: the embedded files with a team's files
// laid over them. It is an fs.FS (paths "<stack>/<file>", "partials/<file>")
// and reports each file's origin.
type FS struct {
	files  fstest.MapFS
	origin map[string]File
	// teamRoot prefixes team file names in messages ("" for none).
	teamRoot string
	// Source is the team source, nil when only the embedded set is used.
	Source *Source
}

var _ fs.ReadFileFS = (*FS)(nil)

// Limits on what is read from a team source: templates are small text files.
const (
	maxFileSize = 1 << 20
	maxFiles    = 2000
)

// Layer lays team over base. team may be nil (the embedded set alone).
// Only template files are taken from either: "<dir>/*.tmpl" and
// "<dir>/*.yaml" one folder deep, outside hidden folders; a team's README,
// CI configuration and the like are ignored.
func Layer(base, team fs.FS) (*FS, error) {
	l := &FS{files: fstest.MapFS{}, origin: map[string]File{}}
	if err := l.add(base, Embedded); err != nil {
		return nil, fmt.Errorf("embedded templates: %w", err)
	}
	if team != nil {
		if err := l.add(team, Team); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// Load resolves nothing: it lays the files of an already resolved source
// over base. src nil means the embedded set alone.
func Load(base fs.FS, src *Source) (*FS, error) {
	if src == nil {
		return Layer(base, nil)
	}
	l, err := Layer(base, os.DirFS(src.Dir))
	if err != nil {
		return nil, fmt.Errorf("templates from %s: %w", src.Display(), err)
	}
	l.Source = src
	if src.Kind == KindDir {
		l.teamRoot = src.Spec
	}
	return l, nil
}

// IsTemplateFile reports whether name (a slash path) is a file a template
// set is made of.
func IsTemplateFile(name string) bool {
	dir, file := path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" || strings.Contains(dir, "/") || strings.HasPrefix(dir, ".") || strings.HasPrefix(file, ".") {
		return false
	}
	return strings.HasSuffix(file, ".tmpl") || strings.HasSuffix(file, ".yaml")
}

func (l *FS) add(src fs.FS, origin Origin) error {
	entries, err := fs.ReadDir(src, ".")
	if err != nil {
		return err
	}
	count := 0
	for _, dir := range entries {
		if strings.HasPrefix(dir.Name(), ".") {
			continue
		}
		if dir.Type()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link; a template source may not contain links", dir.Name())
		}
		if !dir.IsDir() {
			continue
		}
		files, err := fs.ReadDir(src, dir.Name())
		if err != nil {
			return err
		}
		for _, f := range files {
			name := dir.Name() + "/" + f.Name()
			if !IsTemplateFile(name) {
				continue
			}
			if !f.Type().IsRegular() {
				return fmt.Errorf("%s is not a regular file; a template source may not contain links", name)
			}
			if count++; count > maxFiles {
				return fmt.Errorf("more than %d template files; is this a template repository?", maxFiles)
			}
			info, err := f.Info()
			if err != nil {
				return err
			}
			if info.Size() > maxFileSize {
				return fmt.Errorf("%s is %d bytes; a template file may be at most %d", name, info.Size(), maxFileSize)
			}
			dt, err := fs.ReadFile(src, name)
			if err != nil {
				return err
			}
			old, existed := l.files[name]
			f := File{Name: name, Origin: origin, Overrides: existed && origin == Team}
			f.Same = f.Overrides && bytes.Equal(old.Data, dt)
			l.files[name] = &fstest.MapFile{Data: dt, Mode: 0o444}
			l.origin[name] = f
		}
	}
	return nil
}

// Open implements fs.FS.
func (l *FS) Open(name string) (fs.File, error) { return l.files.Open(name) }

// ReadFile implements fs.ReadFileFS.
func (l *FS) ReadFile(name string) ([]byte, error) { return l.files.ReadFile(name) }

// ReadDir implements fs.ReadDirFS.
func (l *FS) ReadDir(name string) ([]fs.DirEntry, error) { return l.files.ReadDir(name) }

// Glob implements fs.GlobFS.
func (l *FS) Glob(pattern string) ([]string, error) { return l.files.Glob(pattern) }

// Files lists every file of the effective set, sorted by name.
func (l *FS) Files() []File {
	out := make([]File, 0, len(l.origin))
	for _, f := range l.origin {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Origin says where name came from; ok is false for a file not in the set.
func (l *FS) Origin(name string) (File, bool) {
	f, ok := l.origin[name]
	return f, ok
}

// Layer orders files for parsing: embedded files are layer 0, team files
// layer 1, so a team partial that redefines an embedded {{define}} wins.
func (l *FS) Layer(name string) int {
	if l.origin[name].Origin == Team {
		return 1
	}
	return 0
}

// DisplayName is name as the user should look for it: inside the team's
// folder for a team file from a directory source, else the set path.
func (l *FS) DisplayName(name string) string {
	if l.teamRoot != "" && l.origin[name].Origin == Team {
		return filepath.ToSlash(filepath.Join(l.teamRoot, filepath.FromSlash(name)))
	}
	return name
}
