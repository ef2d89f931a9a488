// Package config reads and writes .stagecraft.yaml, the file that keeps what
// a person decided (usually in `stagecraft init`) so that scripts and
// `go generate` reproduce it without prompts.
//
// Decoding is strict: an unknown key, a value of the wrong type or an
// unknown runtime is an *Error naming the file and line. Resolve applies the
// precedence flags > STAGECRAFT_* environment > this file > detection and
// turns the result into generator.Options, one per project.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
	"go.yaml.in/yaml/v3"
)

// FileName is the config file's name at the root of the scanned folder.
const FileName = ".stagecraft.yaml"

// Version is the schema version this stagecraft reads and writes.
const Version = 1

var stackRe = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)

// Runtimes are the runtime flavours a config may name. Whether a project can
// use one is decided later, by the generator, against what was detected.
var Runtimes = []string{"distroless", "scratch", "alpine", "slim", "nginx"}

// File is a decoded .stagecraft.yaml.
type File struct {
	// Name is the file as it was given (for messages); "" for a new file.
	Name    string
	Version int
	// Projects are the projects to generate, in file order. Empty means
	// every project detection finds.
	Projects []Project
	// Templates is a team template source (folder or git URL); "" means
	// the embedded templates. Read here, wired by the templates feature.
	Templates string
	Lint      Lint
	// Images replaces base images in every generated Dockerfile: the FROM
	// of a key's image names the value (a digest pin, a registry mirror).
	Images map[string]string

	lines map[string]int // top-level key → line
}

// Lint is the lint section.
type Lint struct {
	// Disable lists lint rule ids to skip.
	Disable []string
}

// Project is one entry of projects: what was decided for the project at Path.
// Empty fields follow detection.
type Project struct {
	// Path is the project folder relative to the config's folder ("." for the root).
	Path            string
	Stack           string
	LanguageVersion string
	// Entrypoint is what to run: the main package for Go (./cmd/api).
	Entrypoint string
	Runtime    string
	Port       int // 0: as detected
	Secrets    []string
	Private    []string
	Labels     map[string]string
	Name       string
	// Output is the Dockerfile path relative to Path.
	Output string
	// Include lists paths (relative to Path) the runtime image needs.
	Include []string

	line  int            // line of the entry
	lines map[string]int // key → line
}

// Error is a problem in a config file, at a line when one is known.
type Error struct {
	File string
	Line int
	Msg  string
	Err  error // the underlying error, if any
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// MaxBytes caps the size of a config file: it is a few lines, and a
// larger file is refused without being read.
const MaxBytes = 1 << 20

// Read reads the config file at name: a regular file of at most MaxBytes.
// Errors opening it are returned as they are (errors.Is(err,
// fs.ErrNotExist) holds for a missing file); a file too large or not
// regular is an *Error.
func Read(name string) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &Error{File: name, Msg: "not a regular file"}
	}
	if info.Size() > MaxBytes {
		return nil, &Error{File: name, Msg: fmt.Sprintf("%d bytes: too large for a config file (the limit is %d); it was not read", info.Size(), MaxBytes)}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dt, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(dt) > MaxBytes {
		return nil, &Error{File: name, Msg: fmt.Sprintf("too large for a config file (the limit is %d bytes)", MaxBytes)}
	}
	return dt, nil
}

// Load reads and decodes the config at name. A missing file is an error
// that satisfies errors.Is(err, fs.ErrNotExist).
func Load(name string) (*File, error) {
	dt, err := Read(name)
	if err != nil {
		var ce *Error
		if errors.As(err, &ce) {
			return nil, ce
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &Error{File: name, Msg: "no such file", Err: err}
		}
		return nil, &Error{File: name, Msg: fmt.Sprintf("cannot read: %v", err), Err: err}
	}
	return Parse(name, dt)
}

// Parse decodes dt, read from the file name.
func Parse(name string, dt []byte) (*File, error) {
	d := &decoder{file: name, text: string(dt)}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(dt))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: name, Msg: "the file is empty; start it with `version: 1`"}
		}
		return nil, d.yamlErr(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{File: name, Line: extra.Line, Msg: "a second YAML document; the config is one document"}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	f := &File{Name: name, lines: map[string]int{}}
	if err := d.decodeFile(root, f); err != nil {
		return nil, err
	}
	return f, nil
}

type decoder struct {
	file string
	text string // the file's content, to place errors yaml.v3 gives no line
}

func (d *decoder) errAt(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &Error{File: d.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// yamlErr turns a yaml.v3 syntax error ("yaml: line 3: ...") into an Error.
func (d *decoder) yamlErr(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ":"); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line = n
				msg = strings.TrimSpace(tail)
			}
		}
	}
	if line == 0 {
		line = d.lineOf(err, msg)
	}
	return &Error{File: d.file, Line: line, Msg: "not valid YAML: " + msg, Err: err}
}

var unknownAnchorRe = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// lineOf places a YAML error that yaml.v3 reports without a line: it
// leaves the line out when the problem is on the first line, and for an
// alias to an unknown anchor, which is found here.
func (d *decoder) lineOf(err error, msg string) int {
	if m := unknownAnchorRe.FindStringSubmatch(msg); m != nil {
		for i, l := range strings.Split(d.text, "\n") {
			if strings.Contains(l, "*"+m[1]) {
				return i + 1
			}
		}
	}
	return 1
}

var (
	topKeys     = []string{"version", "projects", "templates", "images", "lint"}
	projectKeys = []string{"path", "stack", "language_version", "entrypoint", "runtime", "port", "secrets", "private", "labels", "name", "output", "include"}
	lintKeys    = []string{"disable"}
)

// mapping checks n is a mapping with known, unique keys and calls fn for
// each key/value pair.
func (d *decoder) mapping(n *yaml.Node, where string, known []string, fn func(key string, k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return d.errAt(n, "%s: want a mapping of keys (%s), got %s", where, strings.Join(known, ", "), kindName(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return d.errAt(k, "%s: keys are plain words", where)
		}
		if !slices.Contains(known, k.Value) {
			hint := ""
			if s := closest(k.Value, known); s != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", s)
			}
			return d.errAt(k, "%s: unknown key %q%s; known keys: %s", where, k.Value, hint, strings.Join(known, ", "))
		}
		if seen[k.Value] {
			return d.errAt(k, "%s: %s is set twice", where, k.Value)
		}
		seen[k.Value] = true
		if err := fn(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) decodeFile(root *yaml.Node, f *File) error {
	if root.Kind == 0 || isNull(root) {
		return &Error{File: d.file, Msg: "the file is empty; start it with `version: 1`"}
	}
	err := d.mapping(root, "config", topKeys, func(key string, k, v *yaml.Node) error {
		f.lines[key] = k.Line
		switch key {
		case "version":
			n, err := d.int(v, "version")
			if err != nil {
				return err
			}
			if n != Version {
				return d.errAt(v, "version %d: this stagecraft reads version %d; upgrade stagecraft or rewrite the file with `stagecraft init`", n, Version)
			}
			f.Version = n
		case "projects":
			if isNull(v) {
				return nil
			}
			if v.Kind != yaml.SequenceNode {
				return d.errAt(v, "projects: want a list of projects (- path: ...), got %s", kindName(v))
			}
			paths := map[string]int{}
			for i, item := range v.Content {
				p, err := d.project(item, i)
				if err != nil {
					return err
				}
				if prev, dup := paths[p.Path]; dup {
					return d.errAt(item, "projects[%d]: path %s is already configured at line %d", i, p.Path, prev)
				}
				paths[p.Path] = item.Line
				f.Projects = append(f.Projects, p)
			}
		case "templates":
			s, err := d.str(v, "templates")
			if err != nil {
				return err
			}
			if strings.ContainsAny(s, "\r\n\x00") {
				return d.errAt(v, "templates: must be one line")
			}
			f.Templates = s
		case "images":
			if !isNull(v) && v.Kind != yaml.MappingNode {
				return d.errAt(v, "images: want a mapping of image to replacement (golang:1.26-bookworm: golang:1.26-bookworm@sha256:…), got %s", kindName(v))
			}
			images, err := d.labels(v, "images")
			if err != nil {
				return err
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, val := v.Content[i], v.Content[i+1]
				f.lines["images."+k.Value] = k.Line
				if err := generator.CheckImageRef(k.Value); err != nil {
					return d.errAt(k, "images: %v", err)
				}
				if err := generator.CheckImageRef(val.Value); err != nil {
					return d.errAt(val, "images.%s: %v", k.Value, err)
				}
			}
			f.Images = images
		case "lint":
			if isNull(v) {
				return nil
			}
			return d.mapping(v, "lint", lintKeys, func(key string, k, v *yaml.Node) error {
				f.lines["lint."+key] = k.Line
				list, err := d.strs(v, "lint.disable")
				f.Lint.Disable = list
				return err
			})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, ok := f.lines["version"]; !ok {
		return &Error{File: d.file, Line: root.Line, Msg: "version is missing; add `version: 1` as the first line"}
	}
	return nil
}

func (d *decoder) project(n *yaml.Node, i int) (Project, error) {
	where := fmt.Sprintf("projects[%d]", i)
	p := Project{line: n.Line, lines: map[string]int{}}
	err := d.mapping(n, where, projectKeys, func(key string, k, v *yaml.Node) error {
		p.lines[key] = k.Line
		name := where + "." + key
		var err error
		switch key {
		case "path":
			var s string
			if s, err = d.str(v, name); err == nil {
				p.Path, err = cleanRel(s)
				if err != nil {
					return d.errAt(v, "%s %q: %v", name, s, err)
				}
			}
		case "stack":
			// A team template set may add stacks, so only the form is
			// checked here; the generator knows which stacks exist.
			if p.Stack, err = d.str(v, name); err == nil && p.Stack != "" && !stackRe.MatchString(p.Stack) {
				return d.errAt(v, "%s: %q is not a stack name; stacks are lower-case words such as %s", name, p.Stack, strings.Join(detect.SupportedStacks(), ", "))
			}
		case "language_version":
			p.LanguageVersion, err = d.str(v, name)
		case "entrypoint":
			p.Entrypoint, err = d.str(v, name)
		case "runtime":
			if p.Runtime, err = d.str(v, name); err == nil && p.Runtime != "" && !slices.Contains(Runtimes, p.Runtime) {
				return d.errAt(v, "%s: unknown runtime %q; runtimes: %s", name, p.Runtime, strings.Join(Runtimes, ", "))
			}
		case "port":
			if isNull(v) {
				return nil
			}
			if p.Port, err = d.int(v, name); err == nil && (p.Port < 1 || p.Port > 65535) {
				return d.errAt(v, "%s: %d is not a port; want 1 to 65535 (leave the key out to use the detected port)", name, p.Port)
			}
		case "secrets":
			p.Secrets, err = d.strs(v, name)
		case "private":
			p.Private, err = d.strs(v, name)
		case "include":
			p.Include, err = d.strs(v, name)
		case "labels":
			p.Labels, err = d.labels(v, name)
		case "name":
			p.Name, err = d.str(v, name)
		case "output":
			var s string
			if s, err = d.str(v, name); err == nil && s != "" {
				if strings.ContainsAny(s, "\r\n\x00\\") || path.IsAbs(s) {
					return d.errAt(v, "%s %q: want a relative slash path such as Dockerfile or docker/api.Dockerfile", name, s)
				}
				p.Output = s
			}
		}
		return err
	})
	if err != nil {
		return Project{}, err
	}
	if _, ok := p.lines["path"]; !ok {
		return Project{}, d.errAt(n, "%s: path is missing; say which project this is (path: . for the root)", where)
	}
	if p.Output != "" {
		if out := path.Join(p.Path, p.Output); out == ".." || strings.HasPrefix(out, "../") {
			return Project{}, &Error{File: d.file, Line: p.lines["output"], Msg: fmt.Sprintf("%s.output %q leaves the repository", where, p.Output)}
		}
	}
	return p, nil
}

func (d *decoder) str(v *yaml.Node, name string) (string, error) {
	if isNull(v) {
		return "", nil
	}
	if v.Kind != yaml.ScalarNode {
		return "", d.errAt(v, "%s: want a string, got %s", name, kindName(v))
	}
	switch v.Tag {
	case "!!str":
		// Every value lands on one line of a Dockerfile or a command line.
		if strings.ContainsAny(v.Value, "\r\n\x00") {
			return "", d.errAt(v, "%s: must be one line (it holds a line break or a NUL)", name)
		}
		return v.Value, nil
	case "!!int", "!!float", "!!bool":
		return "", d.errAt(v, "%s: want a string, got the %s %s; quote it: %q", name, tagName(v.Tag), v.Value, v.Value)
	}
	return "", d.errAt(v, "%s: want a string, got %s", name, kindName(v))
}

func (d *decoder) int(v *yaml.Node, name string) (int, error) {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
		return 0, d.errAt(v, "%s: want a whole number, got %s", name, kindName(v))
	}
	n, err := strconv.Atoi(v.Value)
	if err != nil {
		return 0, d.errAt(v, "%s: %s is not a whole number", name, v.Value)
	}
	return n, nil
}

func (d *decoder) strs(v *yaml.Node, name string) ([]string, error) {
	if isNull(v) {
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, d.errAt(v, "%s: want a list of strings ([a, b]), got %s", name, kindName(v))
	}
	out := []string{}
	for _, item := range v.Content {
		s, err := d.str(item, name+" item")
		if err != nil {
			return nil, err
		}
		if s == "" {
			return nil, d.errAt(item, "%s: an empty item", name)
		}
		out = append(out, s)
	}
	return out, nil
}

func (d *decoder) labels(v *yaml.Node, name string) (map[string]string, error) {
	if isNull(v) {
		return nil, nil
	}
	if v.Kind != yaml.MappingNode {
		return nil, d.errAt(v, "%s: want a mapping of label keys to values, got %s", name, kindName(v))
	}
	out := map[string]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		key, err := d.str(k, name+" key")
		if err != nil {
			return nil, err
		}
		if _, dup := out[key]; dup {
			return nil, d.errAt(k, "%s: %s is set twice", name, key)
		}
		s, err := d.str(val, name+"."+key)
		if err != nil {
			return nil, err
		}
		out[key] = s
	}
	return out, nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing"
		}
		return fmt.Sprintf("the %s %s", tagName(n.Tag), n.Value)
	}
	return "nothing"
}

func tagName(tag string) string {
	switch tag {
	case "!!str":
		return "string"
	case "!!int":
		return "number"
	case "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	case "!!timestamp":
		return "date"
	}
	return strings.TrimPrefix(tag, "!!")
}

// closest returns the known key one or two edits away from s, if any.
func closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// cleanRel normalises a project path: relative, slash-separated, inside the tree.
func cleanRel(s string) (string, error) {
	if s == "" {
		return "", errors.New("empty; use . for the root project")
	}
	if strings.ContainsAny(s, "\\\r\n\x00") || path.IsAbs(s) {
		return "", errors.New("want a relative slash path such as . or services/api")
	}
	c := path.Clean(s)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", errors.New("leaves the repository")
	}
	return c, nil
}

// Line is the line of a top-level key ("templates", "lint.disable",
// "version", "projects"), 0 when it is not in the file.
func (f *File) Line(key string) int {
	if f == nil {
		return 0
	}
	return f.lines[key]
}

// Where is "file:line" for a top-level key, for messages about its value.
func (f *File) Where(key string) string {
	if l := f.Line(key); l > 0 {
		return fmt.Sprintf("%s:%d", f.Name, l)
	}
	return f.Name
}

// Project returns the entry for the project at path, if the file has one.
func (f *File) Project(p string) (Project, bool) {
	if f == nil {
		return Project{}, false
	}
	for _, pr := range f.Projects {
		if pr.Path == p {
			return pr, true
		}
	}
	return Project{}, false
}

// SetProject replaces the entry with p's path, or appends p.
func (f *File) SetProject(p Project) {
	for i := range f.Projects {
		if f.Projects[i].Path == p.Path {
			f.Projects[i] = p
			return
		}
	}
	f.Projects = append(f.Projects, p)
}

// Line is the line of key in this entry (the entry's first line for ""),
// 0 when unknown.
func (p Project) Line(key string) int {
	if key == "" {
		return p.line
	}
	if l, ok := p.lines[key]; ok {
		return l
	}
	return p.line
}
