package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// maxFileSize caps what Load reads: no Dockerfile or .dockerignore is
// anywhere near it.
const maxFileSize = 4 << 20

// IsDockerfileName reports the names a folder argument expands to:
// Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile, Containerfile.*
// (never their .dockerignore files).
func IsDockerfileName(name string) bool {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".dockerignore") || strings.HasSuffix(lower, ".containerignore") {
		return false
	}
	return strings.HasPrefix(name, "Dockerfile") || strings.HasSuffix(lower, ".dockerfile") ||
		name == "Containerfile" || strings.HasPrefix(name, "Containerfile.")
}

// Expand turns command-line paths into Dockerfiles: a file stays as it is,
// a folder gives the Dockerfiles directly in it, sorted. A folder without
// any is an error.
func Expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, unwrapPathError(err))
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, unwrapPathError(err))
		}
		var found []string
		for _, e := range entries {
			if e.Type().IsRegular() && IsDockerfileName(e.Name()) {
				found = append(found, filepath.Join(p, e.Name()))
			}
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no Dockerfile, Dockerfile.*, *.Dockerfile or Containerfile in this folder", p)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// Load reads a Dockerfile and the ignore file BuildKit would use for it:
// <Dockerfile>.dockerignore beside it, else .dockerignore at the root of
// the build context (contextDir; "" means the Dockerfile's folder).
func Load(dockerfile, contextDir string) (Input, error) {
	dt, err := readCapped(dockerfile)
	if err != nil {
		return Input{}, err
	}
	in := Input{Path: dockerfile, Content: dt}
	if contextDir == "" {
		contextDir = filepath.Dir(dockerfile)
	}
	for _, cand := range []string{dockerfile + ".dockerignore", filepath.Join(contextDir, ".dockerignore")} {
		ig, err := readCapped(cand)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Input{}, err
		}
		in.Ignore = &IgnoreFile{Path: cand, Content: ig}
		break
	}
	return in, nil
}

func readCapped(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, unwrapPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s: is a folder, not a file", p)
	}
	if info.Size() > maxFileSize {
		return nil, fmt.Errorf("%s: %d bytes is too large for a Dockerfile", p, info.Size())
	}
	buf, err := io.ReadAll(io.LimitReader(f, maxFileSize))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return buf, nil
}

// unwrapPathError keeps "no such file or directory" but not the path twice.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
