package lint

import (
	"bytes"
	"path"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"github.com/stagecraft/stagecraft/internal/dockerfile"
)

// file is one Dockerfile as the rules see it: typed stages from BuildKit,
// linked to each other, and the .dockerignore of its context.
type file struct {
	path   string
	lines  []string
	stages []*stage
	final  *stage
	// ignore is the context's .dockerignore; nil when there is none.
	ignore *ignoreSet
	// ignoreKnown is false when the context is unknown.
	ignoreKnown bool
	// metaArgs are the ARGs before the first FROM.
	metaArgs []instructions.ArgCommand
	// runCache holds each RUN read as commands, which the rules share.
	runCache map[*instructions.RunCommand]run
}

// run is rc read as commands and mounts, once per file.
func (f *file) run(rc *instructions.RunCommand) run {
	if r, ok := f.runCache[rc]; ok {
		return r
	}
	if f.runCache == nil {
		f.runCache = map[*instructions.RunCommand]run{}
	}
	r := newRun(rc)
	f.runCache[rc] = r
	return r
}

// stage is one FROM ... block.
type stage struct {
	index int
	st    *instructions.Stage
	name  string // lower case, "" when unnamed
	line  int
	// image is the base image (ARG defaults expanded); zero when the base
	// is another stage, which parent then points to.
	image  imageRef
	parent *stage
	// inFinal: this stage's layers are part of the final image (the final
	// stage and the stages it is built FROM).
	inFinal bool
	// reached: the final stage needs this stage (FROM, COPY --from, RUN
	// --mount from=).
	reached bool
}

// label names the stage for messages: its name, or its number.
func (s *stage) label() string {
	if s.name != "" {
		return s.name
	}
	return "#" + strconv.Itoa(s.index)
}

// root follows FROM <stage> to the stage that starts from an image.
func (s *stage) root() *stage {
	seen := map[*stage]bool{}
	for s.parent != nil && !seen[s] {
		seen[s] = true
		s = s.parent
	}
	return s
}

// chain is the stage and the stages it is built FROM, nearest first.
func (s *stage) chain() []*stage {
	var out []*stage
	seen := map[*stage]bool{}
	for c := s; c != nil && !seen[c]; c = c.parent {
		seen[c] = true
		out = append(out, c)
	}
	return out
}

type ignoreSet struct {
	path  string
	lines []string
	pm    *patternmatcher.PatternMatcher
}

// excludes reports whether the context path p (slash separated, relative)
// is left out of the build context.
func (s *ignoreSet) excludes(p string) bool {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "" {
		return false
	}
	m, err := s.pm.MatchesOrParentMatches(p)
	return err == nil && m
}

// reincludes reports whether a "!" line brings back something under p, so
// an excluded folder may still be partly copied.
func (s *ignoreSet) reincludes(p string) bool {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	for _, pat := range s.pm.Patterns() {
		if pat.Exclusion() && (strings.HasPrefix(pat.String(), p+"/") || pat.String() == p) {
			return true
		}
	}
	return false
}

func newFile(in Input, parsed *dockerfile.Parsed) (*file, error) {
	f := &file{path: in.Path, lines: splitLines(in.Content), ignoreKnown: !in.NoContext, metaArgs: parsed.MetaArgs}
	if in.Ignore != nil && !in.NoContext {
		patterns, err := ignorefile.ReadAll(bytes.NewReader(in.Ignore.Content))
		if err != nil {
			return nil, &ParseError{File: in.Ignore.Path, Err: err}
		}
		pm, err := patternmatcher.New(patterns)
		if err != nil {
			return nil, &ParseError{File: in.Ignore.Path, Err: err}
		}
		f.ignore = &ignoreSet{path: in.Ignore.Path, lines: splitLines(in.Ignore.Content), pm: pm}
	}

	meta := map[string]string{}
	for _, a := range parsed.MetaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				meta[kv.Key] = *kv.Value
			} else if _, ok := meta[kv.Key]; !ok {
				meta[kv.Key] = ""
			}
		}
	}
	lex := shell.NewLex('\\')
	env := make([]string, 0, len(meta))
	for k, v := range meta {
		env = append(env, k+"="+v)
	}
	for i := range parsed.Stages {
		st := &parsed.Stages[i]
		s := &stage{index: i, st: st, name: strings.ToLower(st.Name), line: lineOf(st.Location)}
		if p := f.stageRef(st.BaseName); p != nil && p.index < i {
			s.parent = p
		} else {
			base := st.BaseName
			unresolved := false
			if strings.Contains(base, "$") {
				res, err := lex.ProcessWordWithMatches(base, shell.EnvsFromSlice(env))
				if err != nil || len(res.Unmatched) > 0 {
					unresolved = true
				} else {
					base = res.Result
				}
				if p := f.stageRef(base); p != nil && p.index < i {
					s.parent = p
				}
			}
			if s.parent == nil {
				s.image = parseImage(base)
				s.image.unresolved = unresolved || base == ""
			}
		}
		f.stages = append(f.stages, s)
	}
	if len(f.stages) > 0 {
		f.final = f.stages[len(f.stages)-1]
		for _, s := range f.final.chain() {
			s.inFinal = true
		}
		f.markReached(f.final)
	}
	return f, nil
}

// stageRef finds the stage a FROM, COPY --from or mount from= names: a
// stage name (any case) or a stage number.
func (f *file) stageRef(ref string) *stage {
	if ref == "" {
		return nil
	}
	if n, err := strconv.Atoi(ref); err == nil {
		if n >= 0 && n < len(f.stages) {
			return f.stages[n]
		}
		return nil
	}
	ref = strings.ToLower(ref)
	for _, s := range f.stages {
		if s.name == ref {
			return s
		}
	}
	return nil
}

// deps are the stages s needs: its base stage, COPY --from and mounts.
func (f *file) deps(s *stage) []*stage {
	var out []*stage
	if s.parent != nil {
		out = append(out, s.parent)
	}
	for _, c := range s.st.Commands {
		switch c := c.(type) {
		case *instructions.CopyCommand:
			if d := f.stageRef(c.From); d != nil {
				out = append(out, d)
			}
		case *instructions.RunCommand:
			for _, m := range mountsOf(c) {
				if d := f.stageRef(m.From); d != nil {
					out = append(out, d)
				}
			}
		}
	}
	return out
}

func (f *file) markReached(s *stage) {
	if s.reached {
		return
	}
	s.reached = true
	for _, d := range f.deps(s) {
		f.markReached(d)
	}
}

// finalStages are the stages whose layers make the final image.
func (f *file) finalStages() []*stage {
	var out []*stage
	for _, s := range f.stages {
		if s.inFinal {
			out = append(out, s)
		}
	}
	return out
}

// line returns source line n (1-based), "" when out of range.
func (f *file) line(n int) string {
	if n < 1 || n > len(f.lines) {
		return ""
	}
	return f.lines[n-1]
}

// col is the 1-based column of needle on line n, 1 when not found.
func (f *file) col(n int, needle string) int {
	if needle == "" {
		return 1
	}
	if i := strings.Index(f.line(n), needle); i >= 0 {
		return i + 1
	}
	return 1
}

// find returns the first line from start to end (inclusive) holding needle
// as a whole word (else anywhere), and its 1-based column; start and 1
// when no line does (for instructions that span lines).
func (f *file) find(start, end int, needle string) (int, int) {
	for n := start; n <= end && n <= len(f.lines); n++ {
		if i := wordIndex(f.line(n), needle); i >= 0 {
			return n, i + 1
		}
	}
	for n := start; n <= end && n <= len(f.lines); n++ {
		if i := strings.Index(f.line(n), needle); i >= 0 {
			return n, i + 1
		}
	}
	return start, 1
}

// wordIndex finds needle in s where it is not part of a longer word.
func wordIndex(s, needle string) int {
	boundary := func(b byte) bool { return strings.IndexByte(" \t;&|()'\"=", b) >= 0 }
	for off := 0; ; {
		i := strings.Index(s[off:], needle)
		if i < 0 {
			return -1
		}
		i += off
		j := i + len(needle)
		if (i == 0 || boundary(s[i-1])) && (j == len(s) || boundary(s[j])) {
			return i
		}
		off = i + 1
	}
}

func splitLines(b []byte) []string {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return strings.Split(s, "\n")
}

func lineOf(r []parser.Range) int {
	if len(r) == 0 {
		return 0
	}
	return r[0].Start.Line
}

func endLineOf(r []parser.Range) int {
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1].End.Line
}

// imageRef is a base image reference split into its parts.
type imageRef struct {
	raw string
	// repo is the path without registry host, "library/" or tag, lower case:
	// golang, gcr.io/distroless/static-debian12 -> distroless/static-debian12.
	repo string
	// host is the registry host, "" for Docker Hub.
	host   string
	name   string // the last path element: golang, static-debian12, sdk
	tag    string
	digest string
	// unresolved: an ARG without a default is part of it.
	unresolved bool
}

func (r imageRef) scratch() bool { return r.raw == "scratch" }

func parseImage(s string) imageRef {
	r := imageRef{raw: s}
	rest := s
	if i := strings.Index(rest, "@"); i >= 0 {
		r.digest = rest[i+1:]
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, ":"); i >= 0 && !strings.Contains(rest[i:], "/") {
		r.tag = rest[i+1:]
		rest = rest[:i]
	}
	rest = strings.ToLower(rest)
	if first, after, ok := strings.Cut(rest, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		r.host = first
		rest = after
	}
	if r.host == "docker.io" || r.host == "index.docker.io" {
		r.host = ""
	}
	rest = strings.TrimPrefix(rest, "library/")
	r.repo = rest
	r.name = path.Base(rest)
	return r
}

var floatingTags = map[string]bool{"latest": true, "lts": true, "current": true, "stable": true, "edge": true, "rolling": true}
