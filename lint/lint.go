// Package lint audits Dockerfiles: BuildKit's own lint rules (reported as
// buildkit/<Rule>) and stagecraft's stage-aware rules (SC1xx) over BuildKit's
// typed instructions, plus the .dockerignore that goes with the build
// context. Reporters write the findings as text, JSON or SARIF 2.1.0.
//
// Lint reads nothing from disk; Load does, for the command line.
package lint

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/stagecraft/stagecraft/internal/dockerfile"
)

// Severity orders findings: Info < Warning < Error.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText writes the severity's name, so JSON carries "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads info, warning or error (any case).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("severity %q: want info, warning or error", s)
}

// Finding is one problem in one file. The JSON names are a stable interface:
// scripts read them.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d %s %s: %s; %s", f.File, f.Line, f.Column, f.Rule, f.Severity, f.Message, f.Fix)
}

// Options choose which findings Lint returns.
type Options struct {
	// Severity is the lowest severity reported; the zero value is Info (all).
	Severity Severity
	// Disable lists rule ids that do not run: SC104, buildkit/UndefinedVar
	// (case does not matter). The command line's --disable and the
	// lint.disable list of .stagecraft.yaml both land here.
	Disable []string
}

// Validate reports an unknown rule id in Disable, so a typo is not a
// silently disabled nothing.
func (o Options) Validate() error {
	for _, id := range o.Disable {
		if _, ok := ruleByID(id); !ok {
			return fmt.Errorf("unknown rule %q (see docs/lint.md for the rule ids; BuildKit's rules are buildkit/<Name>)", id)
		}
	}
	return nil
}

func (o Options) disabled(id string) bool {
	return slices.ContainsFunc(o.Disable, func(d string) bool { return strings.EqualFold(strings.TrimSpace(d), id) })
}

// Input is one Dockerfile and what is known about its build context.
type Input struct {
	// Path names the Dockerfile in findings (as the user wrote it).
	Path    string
	Content []byte
	// Ignore is the .dockerignore that applies to the build, nil when the
	// context has none.
	Ignore *IgnoreFile
	// NoContext says the build context is unknown (a Dockerfile checked on
	// its own): the .dockerignore rules do not run.
	NoContext bool
}

// IgnoreFile is a .dockerignore (or <Dockerfile>.dockerignore).
type IgnoreFile struct {
	Path    string
	Content []byte
}

// ParseError is input that cannot be read as a Dockerfile or .dockerignore.
// The command exits 2 on it.
type ParseError struct {
	File string
	Line int // 0 when unknown
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Lint runs every enabled rule over in and returns the findings at or above
// opts.Severity, sorted by file, line, column and rule. A file BuildKit
// cannot parse is a *ParseError.
func Lint(in Input, opts Options) ([]Finding, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if in.Path == "" {
		in.Path = "Dockerfile"
	}
	parsed, err := dockerfile.Parse(in.Content)
	if err != nil {
		return nil, parseErr(in.Path, err)
	}
	f, err := newFile(in, parsed)
	if err != nil {
		return nil, err
	}

	var raw []Finding
	for _, r := range rules {
		if opts.disabled(r.ID) || (r.needsContext && in.NoContext) {
			continue
		}
		raw = append(raw, r.check(f, r)...)
	}
	bk, err := buildkitFindings(in, opts)
	if err != nil {
		return nil, err
	}
	raw = append(raw, foldDuplicates(bk, raw)...)

	out := make([]Finding, 0, len(raw))
	for _, fd := range raw {
		if fd.Severity < opts.Severity || f.suppressed(fd) {
			continue
		}
		if fd.Column == 0 {
			fd.Column = 1
		}
		if fd.Line == 0 {
			fd.Line = 1
		}
		out = append(out, fd)
	}
	Sort(out)
	return slices.CompactFunc(out, func(a, b Finding) bool { return a == b }), nil
}

// Sort orders findings by file, line, column, rule and message.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

func parseErr(file string, err error) error {
	var pe *dockerfile.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: file, Line: pe.Line, Err: pe.Err}
	}
	return &ParseError{File: file, Err: err}
}

// foldDuplicates drops BuildKit's SecretsUsedInArgOrEnv where SC108 reports
// the same line: SC108 is the same finding with a fix.
func foldDuplicates(bk, ours []Finding) []Finding {
	sc108 := map[int]bool{}
	for _, f := range ours {
		if f.Rule == "SC108" {
			sc108[f.Line] = true
		}
	}
	out := bk[:0]
	for _, f := range bk {
		if f.Rule == "buildkit/SecretsUsedInArgOrEnv" && sc108[f.Line] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// Inline suppression. "# stagecraft-ignore: SC104" (several ids separated
// by commas or spaces) in the comment lines right above an instruction
// silences those rules for that instruction; "# stagecraft-ignore-file:
// SC118" anywhere silences them for the whole file. In a .dockerignore
// both forms apply to the whole file, since its findings are about the
// file as a whole.
const (
	ignoreDirective     = "stagecraft-ignore:"
	ignoreFileDirective = "stagecraft-ignore-file:"
)

// directiveRules returns the rule ids a comment line names after the
// directive, or nil.
func directiveRules(line, directive string) []string {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, "#") {
		return nil
	}
	t = strings.TrimSpace(strings.TrimPrefix(t, "#"))
	if !strings.HasPrefix(strings.ToLower(t), directive) {
		return nil
	}
	return strings.FieldsFunc(t[len(directive):], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

func namesRule(ids []string, rule string) bool {
	return slices.ContainsFunc(ids, func(id string) bool { return strings.EqualFold(id, rule) })
}

func (f *file) suppressed(fd Finding) bool {
	for _, l := range f.lines {
		if namesRule(directiveRules(l, ignoreFileDirective), fd.Rule) {
			return true
		}
	}
	if f.ignore != nil && fd.File == f.ignore.path && fd.File != f.path {
		for _, l := range f.ignore.lines {
			if namesRule(directiveRules(l, ignoreFileDirective), fd.Rule) || namesRule(directiveRules(l, ignoreDirective), fd.Rule) {
				return true
			}
		}
		return false
	}
	for n := fd.Line - 1; n >= 1; n-- {
		l := strings.TrimSpace(f.line(n))
		if !strings.HasPrefix(l, "#") {
			break
		}
		if namesRule(directiveRules(l, ignoreDirective), fd.Rule) {
			return true
		}
	}
	return false
}
