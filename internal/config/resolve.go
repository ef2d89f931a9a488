package config

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
)

// Keys are the per-project keys, in schema order. Each has a flag (see
// flagOf) and an environment variable STAGECRAFT_<KEY in upper case>.
var Keys = []string{"stack", "language_version", "entrypoint", "runtime", "port", "secrets", "private", "labels", "name", "output", "include"}

// flagOf is the command-line flag of each key.
var flagOf = map[string]string{
	"stack": "stack", "language_version": "version", "entrypoint": "entrypoint", "runtime": "runtime",
	"port": "port", "secrets": "secret", "private": "private", "labels": "label", "name": "name",
	"output": "output", "include": "include", "images": "image",
}

// EnvName is the environment variable of a key: STAGECRAFT_RUNTIME, ...
func EnvName(key string) string { return "STAGECRAFT_" + strings.ToUpper(key) }

// Request is everything Resolve needs. Flags and Env hold only what was
// given (zero fields are unset); their Output is relative to the scanned
// root, as the command line resolves it from the working folder.
type Request struct {
	Report detect.Report
	Flags  generator.Options
	Env    generator.Options
	// File is the config; nil when there is none.
	File *File
	// Project, when set, limits the result to the project at that path.
	Project string
	// Only, when set, is the exact list of project paths to resolve (the
	// wizard's choice); it wins over Project and the config's list.
	Only []string
}

// Resolved is one project with the options to build it and where each
// option came from.
type Resolved struct {
	Project detect.Project
	Options generator.Options
	// Config is the project's entry in the config file, if it has one.
	Config  Project
	origins map[string]origin
	file    string
	// imageOrigins is where each image replacement came from; imagesFile
	// names the config file for those from it.
	imageOrigins map[string]origin
	imagesFile   string
}

type layer int

const (
	fromDetection layer = iota
	fromConfig
	fromEnv
	fromFlag
)

type origin struct {
	layer layer
	line  int // fromConfig
}

// Resolve picks the projects to build and applies the precedence
// flags > STAGECRAFT_* environment > config > detection to each. Projects
// are: the one --project names; else the config's projects, in file order;
// else every detected project. It is the one place generate and init
// decide options.
func Resolve(req Request) ([]Resolved, error) {
	projects, err := selectProjects(req)
	if err != nil {
		return nil, err
	}
	if len(projects) > 1 {
		for _, key := range []string{"output", "entrypoint", "port"} {
			for _, l := range []struct {
				o    generator.Options
				name string
			}{{req.Flags, "--" + flagOf[key]}, {req.Env, EnvName(key)}} {
				if isSet(l.o, key) {
					return nil, fmt.Errorf("%s applies to one project; this run holds %d projects (%s): pick one with --project", l.name, len(projects), projectPaths(projects))
				}
			}
		}
	}
	out := make([]Resolved, 0, len(projects))
	for _, p := range projects {
		out = append(out, resolveOne(p, req))
	}
	return out, nil
}

func selectProjects(req Request) ([]detect.Project, error) {
	detected := req.Report.Projects
	find := func(p string) (detect.Project, bool) {
		for _, d := range detected {
			if d.Path == p {
				return d, true
			}
		}
		return detect.Project{}, false
	}
	if len(req.Only) > 0 {
		var out []detect.Project
		for _, want := range req.Only {
			p, ok := find(want)
			if !ok {
				return nil, fmt.Errorf("no project at %s; projects: %s", want, projectPaths(detected))
			}
			out = append(out, p)
		}
		return out, nil
	}
	if req.Project != "" {
		want := path.Clean(filepath.ToSlash(req.Project))
		if p, ok := find(want); ok {
			return []detect.Project{p}, nil
		}
		return nil, fmt.Errorf("--project %s: no project there; projects: %s", want, projectPaths(detected))
	}
	if req.File == nil || len(req.File.Projects) == 0 {
		return detected, nil
	}
	var out []detect.Project
	for i, cp := range req.File.Projects {
		p, ok := find(cp.Path)
		if !ok {
			return nil, &Error{File: req.File.Name, Line: cp.Line("path"), Msg: fmt.Sprintf("projects[%d].path %s: no project detected there; projects: %s", i, cp.Path, projectPaths(detected))}
		}
		out = append(out, p)
	}
	return out, nil
}

func projectPaths(ps []detect.Project) string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Path)
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

func resolveOne(p detect.Project, req Request) Resolved {
	r := Resolved{Project: p, origins: map[string]origin{}}
	cfg, hasCfg := req.File.Project(p.Path)
	if hasCfg {
		r.Config = cfg
		r.file = req.File.Name
	}
	var cfgOpts generator.Options
	if hasCfg {
		cfgOpts = generator.Options{
			Stack: cfg.Stack, Version: cfg.LanguageVersion, Entrypoint: cfg.Entrypoint, Runtime: cfg.Runtime,
			Port: cfg.Port, Name: cfg.Name, Secrets: cfg.Secrets, Private: cfg.Private, Labels: cfg.Labels,
			Include: cfg.Include,
		}
		if cfg.Output != "" {
			cfgOpts.Output = path.Join(p.Path, cfg.Output)
		}
	}
	o := generator.Options{Syntax: req.Flags.Syntax}
	for _, key := range Keys {
		if key == "labels" {
			continue
		}
		for _, l := range []struct {
			o     generator.Options
			layer layer
		}{{req.Flags, fromFlag}, {req.Env, fromEnv}, {cfgOpts, fromConfig}} {
			if isSet(l.o, key) {
				copyKey(&o, l.o, key)
				r.origins[key] = origin{layer: l.layer, line: cfg.Line(key)}
				break
			}
		}
	}
	// Labels merge key by key; the highest layer that set any names them all.
	for _, l := range []struct {
		o     generator.Options
		layer layer
	}{{cfgOpts, fromConfig}, {req.Env, fromEnv}, {req.Flags, fromFlag}} {
		if len(l.o.Labels) == 0 {
			continue
		}
		if o.Labels == nil {
			o.Labels = map[string]string{}
		}
		maps.Copy(o.Labels, l.o.Labels)
		r.origins["labels"] = origin{layer: l.layer, line: cfg.Line("labels")}
	}
	// Images merge key by key too; they are the file's, not a project's,
	// and each key remembers its own origin.
	for _, l := range []struct {
		images map[string]string
		layer  layer
	}{{req.File.images(), fromConfig}, {req.Env.Images, fromEnv}, {req.Flags.Images, fromFlag}} {
		if len(l.images) == 0 {
			continue
		}
		if o.Images == nil {
			o.Images = map[string]string{}
			r.imageOrigins = map[string]origin{}
		}
		maps.Copy(o.Images, l.images)
		r.origins["images"] = origin{layer: l.layer, line: req.File.Line("images")}
		for k := range l.images {
			r.imageOrigins[k] = origin{layer: l.layer, line: req.File.Line("images." + k)}
		}
		if l.layer == fromConfig {
			r.imagesFile = req.File.Name
		}
	}
	r.Options = o
	return r
}

// images is the file's images, nil for no file.
func (f *File) images() map[string]string {
	if f == nil {
		return nil
	}
	return f.Images
}

func isSet(o generator.Options, key string) bool {
	switch key {
	case "stack":
		return o.Stack != ""
	case "language_version":
		return o.Version != ""
	case "entrypoint":
		return o.Entrypoint != ""
	case "runtime":
		return o.Runtime != ""
	case "port":
		return o.Port != 0
	case "secrets":
		return o.Secrets != nil
	case "private":
		return o.Private != nil
	case "labels":
		return len(o.Labels) > 0
	case "name":
		return o.Name != ""
	case "output":
		return o.Output != ""
	case "include":
		return o.Include != nil
	}
	return false
}

func copyKey(dst *generator.Options, src generator.Options, key string) {
	switch key {
	case "stack":
		dst.Stack = src.Stack
	case "language_version":
		dst.Version = src.Version
	case "entrypoint":
		dst.Entrypoint = src.Entrypoint
	case "runtime":
		dst.Runtime = src.Runtime
	case "port":
		dst.Port = src.Port
	case "secrets":
		dst.Secrets = slices.Clone(src.Secrets)
	case "private":
		dst.Private = slices.Clone(src.Private)
	case "name":
		dst.Name = src.Name
	case "output":
		dst.Output = src.Output
	case "include":
		dst.Include = slices.Clone(src.Include)
	}
}

// From names where key's value came from: "--runtime", "STAGECRAFT_RUNTIME",
// ".stagecraft.yaml:7", or "" when it is detected.
func (r Resolved) From(key string) string {
	o, ok := r.origins[key]
	if !ok {
		return ""
	}
	switch o.layer {
	case fromFlag:
		return "--" + flagOf[key]
	case fromEnv:
		return EnvName(key)
	case fromConfig:
		return fmt.Sprintf("%s:%d", r.file, o.line)
	}
	return ""
}

// ImageFrom names where the replacement of image key came from:
// "--image", "STAGECRAFT_IMAGES" or ".stagecraft.yaml:4".
func (r Resolved) ImageFrom(key string) string {
	o, ok := r.imageOrigins[key]
	if !ok {
		return ""
	}
	switch o.layer {
	case fromFlag:
		return "--image"
	case fromEnv:
		return EnvName("images")
	}
	return fmt.Sprintf("%s:%d", r.imagesFile, o.line)
}

// Explain rewrites a generator error about an option so that it names where
// the value came from. The generator phrases such errors as "--flag value:
// reason"; when the value came from the config file the error becomes
// "FILE:LINE: key value: reason", from the environment "STAGECRAFT_KEY=value:
// reason". Other errors are returned as they are.
func (r Resolved) Explain(err error) error {
	var ie *generator.InputError
	if err == nil || !errors.As(err, &ie) || !strings.HasPrefix(ie.Msg, "--") {
		return err
	}
	flag, rest, _ := strings.Cut(ie.Msg[2:], " ")
	key := keyOfFlag(flag)
	o, ok := r.origins[key]
	if key == "images" {
		// "--image K=V: …": K has its own origin.
		from, _, _ := strings.Cut(rest, "=")
		o, ok = r.imageOrigins[from]
	}
	if key == "" || !ok {
		return err
	}
	switch o.layer {
	case fromEnv:
		return &generator.InputError{Msg: EnvName(key) + "=" + rest}
	case fromConfig:
		return &Error{File: r.file, Line: o.line, Msg: key + " " + rest, Err: err}
	}
	return err
}

// ExplainReasons rewrites "... from --flag" in a plan's reasons the same way.
func (r Resolved) ExplainReasons(reasons []string) []string {
	out := make([]string, 0, len(reasons))
	for _, s := range reasons {
		// "image K replaced by V from --image": K has its own origin.
		if rest, ok := strings.CutPrefix(s, "image "); ok && strings.HasSuffix(s, " from --image") {
			key, _, _ := strings.Cut(rest, " ")
			if from := r.ImageFrom(key); from != "" {
				s = strings.TrimSuffix(s, " from --image") + " from " + from
			}
			out = append(out, s)
			continue
		}
		for key, flag := range flagOf {
			suffix := " from --" + flag
			if strings.HasSuffix(s, suffix) {
				if from := r.From(key); from != "" && from != "--"+flag {
					s = strings.TrimSuffix(s, suffix) + " from " + from
				}
				break
			}
		}
		out = append(out, s)
	}
	return out
}

func keyOfFlag(flag string) string {
	for k, f := range flagOf {
		if f == flag {
			return k
		}
	}
	return ""
}

// EnvOptions reads the STAGECRAFT_* variables through lookup. Lists are
// comma-separated (STAGECRAFT_SECRETS=netrc,npmrc), labels key=value pairs
// (STAGECRAFT_LABELS=team=core,tier=web). An empty variable is unset.
// Output is returned as given (relative to the working folder).
func EnvOptions(lookup func(string) (string, bool)) (generator.Options, error) {
	var o generator.Options
	get := func(key string) string {
		v, _ := lookup(EnvName(key))
		return strings.TrimSpace(v)
	}
	list := func(key string) []string {
		v := get(key)
		if v == "" {
			return nil
		}
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	o.Stack = get("stack")
	o.Version = get("language_version")
	o.Entrypoint = get("entrypoint")
	o.Runtime = get("runtime")
	o.Name = get("name")
	o.Output = get("output")
	o.Secrets = list("secrets")
	o.Private = list("private")
	o.Include = list("include")
	if v := get("port"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			return o, fmt.Errorf("%s=%s: want a port between 1 and 65535", EnvName("port"), v)
		}
		o.Port = n
	}
	for _, kv := range list("images") {
		from, to, ok := strings.Cut(kv, "=")
		if !ok || from == "" || to == "" {
			return o, fmt.Errorf("%s: %q is not from=to (golang:1.26-bookworm=registry.example/golang:1.26-bookworm)", EnvName("images"), kv)
		}
		if o.Images == nil {
			o.Images = map[string]string{}
		}
		o.Images[from] = to
	}
	for _, kv := range list("labels") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return o, fmt.Errorf("%s: %q is not key=value", EnvName("labels"), kv)
		}
		if o.Labels == nil {
			o.Labels = map[string]string{}
		}
		o.Labels[k] = v
	}
	return o, nil
}
