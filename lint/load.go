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

// IsDockerfileName reports the names a folder argument expands to, in any
// case: Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile and
// Containerfile.* (never their .dockerignore or .containerignore files).
// Lower-case dockerfile is included: BuildKit reads it when a build asks
// for the default Dockerfile and the folder has none (moby/moby#10858).
func IsDockerfileName(name string) bool {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".dockerignore") || strings.HasSuffix(lower, ".containerignore") {
		return false
	}
	for _, base := range []string{"dockerfile", "containerfile"} {
		if lower == base || (strings.HasPrefix(lower, base+".") && len(lower) > len(base)+1) {
			return true
		}
	}
	return strings.HasSuffix(lower, ".dockerfile") && len(lower) > len(".dockerfile")
}

// DockerfileNames describes IsDockerfileName's names, for messages.
const DockerfileNames = "Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile or Containerfile.*"

// Expand turns command-line paths into Dockerfiles: a file stays as it is,
// a folder gives the Dockerfiles directly in it (IsDockerfileName), sorted.
// A path that gives no Dockerfile (missing, unreadable, a folder without
// any) adds an error naming it to errs; the other paths are expanded all
// the same, so one bad argument does not hide the findings of the rest.
// A file named twice is listed once.
func Expand(paths []string) (files []string, errs []error) {
	seen := map[string]bool{}
	add := func(p string) {
		if k := filepath.Clean(p); !seen[k] {
			seen[k] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, unwrapPathError(err)))
			continue
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, unwrapPathError(err)))
			continue
		}
		var found []string
		for _, e := range entries {
			if e.Type().IsRegular() && IsDockerfileName(e.Name()) {
				found = append(found, filepath.Join(p, e.Name()))
			}
		}
		if len(found) == 0 {
			errs = append(errs, fmt.Errorf("%s: no Dockerfile in this folder (looked for %s)", p, DockerfileNames))
			continue
		}
		sort.Strings(found)
		for _, f := range found {
			add(f)
		}
	}
	return files, errs
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
