// Package e2e proves stagecraft's output on a real Docker engine: for every
// example in examples/ it generates the Dockerfile into a temporary copy,
// builds it cold with BuildKit (lint warnings are errors), runs the image and
// asks it over HTTP, inspects the image (user, toolchain, size), edits a
// source file and checks that the dependency step came from the cache.
//
// The engine tests are behind the build tag "e2e":
//
//	go test -tags e2e -count=1 -v -timeout 60m ./e2e/...
//
// Each example describes itself in examples/<name>/e2e.json (see Spec and
// e2e/README.md). The files without the tag (this one, checks.go) hold the
// pure parts, which the ordinary unit tests cover.
package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// SpecFile is the name of the file that makes a folder of examples/ part of
// the suite.
const SpecFile = "e2e.json"

// Spec is one example's e2e.json: what to generate, what the running app
// must answer, which edit must rebuild without re-running the dependency
// step, and the image's budget.
type Spec struct {
	// Skip, when set, says why this example cannot be built by the suite
	// (for instance: its dependencies come from a registry CI cannot
	// reach). The suite reports it as skipped with this reason; nothing
	// else is read.
	Skip string `json:"skip,omitempty"`
	// Args are extra flags for `stagecraft generate`, for every variant.
	// The Dockerfile checked in beside the example is generated with them.
	Args []string `json:"args,omitempty"`
	// Port is the container port to publish; 0 takes the image's only
	// EXPOSEd port.
	Port int `json:"port,omitempty"`
	// Path is the URL path to GET; "" is "/".
	Path string `json:"path,omitempty"`
	// Expect must occur in the body of the 200 answer.
	Expect string `json:"expect"`
	// Edit is the source change made before the rebuild.
	Edit Edit `json:"edit"`
	// DepsStep is text from the dependency step's instruction as BuildKit
	// prints it ("go mod download", "npm ci", "pip install"); that step
	// must run in the cold build and be CACHED after the edit.
	DepsStep string `json:"deps_step"`
	// MaxSizeMB is the image size budget in MB (10^6 bytes), for variants
	// that set none.
	MaxSizeMB float64 `json:"max_size_mb,omitempty"`
	// Absent are path patterns that must match nothing in the final
	// image's file system, in addition to the toolchains every runtime
	// image must be free of (DefaultAbsent).
	Absent []string `json:"absent,omitempty"`
	// WritableRoot runs the container without --read-only (for apps that
	// must write outside /tmp).
	WritableRoot bool `json:"writable_root,omitempty"`
	// Variants are the runtimes to build; none means one variant,
	// "default", with the generator's defaults.
	Variants []Variant `json:"variants,omitempty"`
	// Secret, when set, adds a build with a build secret whose value must
	// end up in no layer and not in the image history.
	Secret *Secret `json:"secret,omitempty"`
}

// Edit replaces From with To (first occurrence) in File; afterwards the
// body must contain Expect.
type Edit struct {
	File   string `json:"file"`
	From   string `json:"from"`
	To     string `json:"to"`
	Expect string `json:"expect"`
}

// Variant is one build of the example, e.g. another runtime.
type Variant struct {
	Name      string   `json:"name"`
	Args      []string `json:"args,omitempty"`
	MaxSizeMB float64  `json:"max_size_mb,omitempty"`
	Absent    []string `json:"absent,omitempty"`
}

// Secret is a build secret the generated Dockerfile mounts when generated
// with Args.
type Secret struct {
	ID   string   `json:"id"`
	Args []string `json:"args,omitempty"`
}

// Example is one folder of examples/ with its spec.
type Example struct {
	Name string // folder name
	Dir  string // absolute path
	Spec Spec
}

// DefaultAbsent are paths no runtime image may hold, whatever the stack:
// the Go toolchain, C compilers, JDK compilers and build tools.
var DefaultAbsent = []string{
	"usr/local/go",
	"**/bin/go",
	"**/bin/gofmt",
	"**/bin/gcc",
	"**/bin/gcc-[0-9]*",
	"**/bin/*-linux-gnu-gcc*",
	"**/bin/cc",
	"**/bin/c++",
	"**/bin/g++",
	"**/bin/clang",
	"**/bin/javac",
	"**/bin/mvn",
	"**/bin/gradle",
}

// AllVariants returns the variants to build, with budgets and absent lists
// filled in from the spec.
func (s Spec) AllVariants() []Variant {
	if len(s.Variants) == 0 {
		return []Variant{{Name: "default", MaxSizeMB: s.MaxSizeMB, Absent: s.absent(nil)}}
	}
	out := make([]Variant, 0, len(s.Variants))
	for _, v := range s.Variants {
		if v.MaxSizeMB == 0 {
			v.MaxSizeMB = s.MaxSizeMB
		}
		v.Absent = s.absent(v.Absent)
		out = append(out, v)
	}
	return out
}

func (s Spec) absent(extra []string) []string {
	out := slices.Clone(DefaultAbsent)
	out = append(out, s.Absent...)
	return append(out, extra...)
}

// URLPath is the path to GET.
func (s Spec) URLPath() string {
	if s.Path == "" {
		return "/"
	}
	return s.Path
}

var (
	variantNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,39}$`)
	secretIDRe    = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)
)

// Validate checks the spec against the example folder dir: the file to
// edit exists and holds the text to replace, the budget is set, and so on.
func (s Spec) Validate(dir string) error {
	if s.Skip != "" {
		return nil
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if s.Expect == "" {
		bad("expect: the text GET %s must answer is required", s.URLPath())
	}
	if !strings.HasPrefix(s.URLPath(), "/") {
		bad("path %q: want an absolute URL path", s.Path)
	}
	if s.Port < 0 || s.Port > 65535 {
		bad("port %d: want 1-65535, or 0 for the image's EXPOSE", s.Port)
	}
	if s.DepsStep == "" {
		bad("deps_step: text of the dependency step (e.g. \"go mod download\") is required")
	}
	switch {
	case s.Edit.File == "":
		bad("edit.file: the source file to edit is required")
	case !filepath.IsLocal(filepath.FromSlash(s.Edit.File)):
		bad("edit.file %q: want a path inside the example", s.Edit.File)
	default:
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(s.Edit.File)))
		if err != nil {
			bad("edit.file: %v", err)
		} else if s.Edit.From == "" || !bytes.Contains(data, []byte(s.Edit.From)) {
			bad("edit.from %q: not found in %s", s.Edit.From, s.Edit.File)
		}
	}
	if s.Edit.From == s.Edit.To {
		bad("edit.to: must differ from edit.from")
	}
	if s.Edit.Expect == "" || s.Edit.Expect == s.Expect || strings.Contains(s.Expect, s.Edit.Expect) {
		bad("edit.expect %q: the text the edited app answers is required, and must not already be in expect", s.Edit.Expect)
	}
	seen := map[string]bool{}
	for _, v := range s.AllVariants() {
		if !variantNameRe.MatchString(v.Name) {
			bad("variants: name %q: use lower-case letters, digits, '.', '_' or '-'", v.Name)
		}
		if seen[v.Name] {
			bad("variants: name %q twice", v.Name)
		}
		seen[v.Name] = true
		if v.MaxSizeMB <= 0 {
			bad("variant %s: max_size_mb: a size budget is required", v.Name)
		}
		for _, p := range v.Absent {
			if _, err := path.Match(strings.TrimPrefix(p, "**/"), ""); err != nil || p == "" || strings.HasPrefix(p, "/") {
				bad("variant %s: absent pattern %q: want a relative path pattern (path.Match syntax, optional leading **/)", v.Name, p)
			}
		}
	}
	if s.Secret != nil && !secretIDRe.MatchString(s.Secret.ID) {
		bad("secret.id %q: want a build secret id such as netrc or npmrc", s.Secret.ID)
	}
	return errors.Join(errs...)
}

// LoadSpec reads and validates dir/e2e.json. Unknown fields are errors, so a
// typo cannot silently drop a check.
func LoadSpec(dir string) (Spec, error) {
	file := filepath.Join(dir, SpecFile)
	data, err := os.ReadFile(file)
	if err != nil {
		return Spec{}, err
	}
	var s Spec
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Spec{}, fmt.Errorf("%s: %w", file, err)
	}
	if dec.More() {
		return Spec{}, fmt.Errorf("%s: more than one JSON value", file)
	}
	if err := s.Validate(dir); err != nil {
		return Spec{}, fmt.Errorf("%s: %w", file, err)
	}
	return s, nil
}

// Discover returns every folder of examplesDir with its spec, sorted by
// name. A folder without e2e.json or with an invalid one is an error: every
// example is either built by the suite or says why it cannot be.
func Discover(examplesDir string) ([]Example, error) {
	entries, err := os.ReadDir(examplesDir)
	if err != nil {
		return nil, err
	}
	var out []Example
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		dir := filepath.Join(examplesDir, e.Name())
		spec, err := LoadSpec(dir)
		if errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("examples/%s has no %s: add one (see e2e/README.md), or {\"skip\": \"why it cannot be built\"}", e.Name(), SpecFile))
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		out = append(out, Example{Name: e.Name(), Dir: abs, Spec: spec})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, errors.Join(errs...)
}
