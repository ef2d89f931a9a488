package generator

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/stagecraft/stagecraft/internal/dockerfile"
	"github.com/stagecraft/stagecraft/lint"
)

// Problem is one reason a rendered Dockerfile is refused.
type Problem struct {
	// File and Line are in the rendered Dockerfile.
	File string
	Line int
	Rule string
	Msg  string
	// Template and TemplateLine are where to fix it: the template file and
	// the line that produced the rendered line (0 when it could not be
	// traced). Text is the rendered line.
	Template     string
	TemplateLine int
	Text         string
}

// String puts the place to fix first: the template file and line when
// known, with the rendered line for context; else the rendered file.
func (p Problem) String() string {
	rendered := fmt.Sprintf("%s:%d", p.File, p.Line)
	if p.Template == "" {
		return fmt.Sprintf("%s: %s: %s", rendered, p.Rule, p.Msg)
	}
	where := p.Template
	if p.TemplateLine > 0 {
		where = fmt.Sprintf("%s:%d", p.Template, p.TemplateLine)
	}
	if p.Text != "" {
		rendered += fmt.Sprintf(" %q", strings.TrimSpace(p.Text))
	}
	return fmt.Sprintf("%s: %s: %s (rendered %s)", where, p.Rule, p.Msg, rendered)
}

// ValidationError lists everything wrong with a rendered Dockerfile. The
// file is never written.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	lines := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		lines = append(lines, p.String())
	}
	return "the rendered Dockerfile is not valid (fix the template):\n  " + strings.Join(lines, "\n  ")
}

// Images a final stage must not run on: they carry compilers and package
// managers the application does not need at run time.
var toolchainImages = []string{
	"golang", "rust", "maven", "gradle", "mcr.microsoft.com/dotnet/sdk", "openjdk",
	"eclipse-temurin:*-jdk", "amazoncorretto", "gcc", "buildpack-deps",
}

// ValidateFiles checks a rendered Dockerfile together with the ignore file
// rendered for its build context, so the .dockerignore rules run too.
func ValidateFiles(dockerfile, ignore File) error {
	return validate(lint.Input{
		Path: dockerfile.Path, Content: dockerfile.Content,
		Ignore: &lint.IgnoreFile{Path: ignore.Path, Content: ignore.Content},
	})
}

// sameAsLint maps a house invariant to the lint rule that reports the
// same fault; the invariant's wording is kept.
var sameAsLint = map[string]string{
	"stagecraft/non-root":          "SC111",
	"stagecraft/runtime-toolchain": "SC102",
}

func validate(in lint.Input) error {
	name, dt := in.Path, in.Content
	findings, err := lint.Lint(in, lint.Options{Severity: lint.Warning})
	if err != nil {
		var pe *lint.ParseError
		p := Problem{File: name, Rule: "parse", Msg: err.Error()}
		if errors.As(err, &pe) {
			p = Problem{File: pe.File, Line: pe.Line, Rule: "parse", Msg: pe.Err.Error()}
		}
		return &ValidationError{Problems: []Problem{p}}
	}
	parsed, err := dockerfile.Parse(dt)
	if err != nil {
		return &ValidationError{Problems: []Problem{{File: name, Rule: "parse", Msg: err.Error()}}}
	}
	house := invariants(name, dt, parsed)
	var problems []Problem
	for _, f := range findings {
		// The house invariant says it already, on the same line.
		if slices.ContainsFunc(house, func(p Problem) bool {
			return sameAsLint[p.Rule] == f.Rule && p.Line == f.Line && p.File == f.File
		}) {
			continue
		}
		problems = append(problems, Problem{File: f.File, Line: f.Line, Rule: f.Rule, Msg: f.Message + "; " + f.Fix})
	}
	problems = append(problems, house...)
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}

// invariants are the house rules every generated Dockerfile keeps.
func invariants(name string, dt []byte, parsed *dockerfile.Parsed) []Problem {
	var out []Problem
	add := func(line int, rule, format string, args ...any) {
		out = append(out, Problem{File: name, Line: line, Rule: rule, Msg: fmt.Sprintf(format, args...)})
	}
	if !strings.Contains(headLines(string(dt), 5), Header) {
		add(1, "stagecraft/header", "the generated-file header %q must be in the first lines (after any # syntax= line)", Header)
	}
	stages := parsed.Stages
	if len(stages) < 2 {
		add(1, "stagecraft/multi-stage", "want at least two stages (build and runtime), found %d", len(stages))
		return out
	}
	for _, s := range stages {
		if s.Name == "" {
			add(stageLine(s), "stagecraft/named-stages", "stage FROM %s has no name; add AS <name>", s.BaseName)
		}
	}
	final := stages[len(stages)-1]
	if img := toolchainBase(final.BaseName); img != "" {
		add(stageLine(final), "stagecraft/runtime-toolchain", "the final stage runs on %s, a toolchain image; use a runtime image", final.BaseName)
	}
	user, userLine := "", 0
	hasEntry := false
	for _, c := range final.Commands {
		switch c := c.(type) {
		case *instructions.UserCommand:
			user, userLine = c.User, lineOf(c.Location())
		case *instructions.EntrypointCommand:
			hasEntry = true
			if !c.PrependShell {
				continue
			}
			add(lineOf(c.Location()), "stagecraft/exec-form", "ENTRYPOINT must be in exec form (a JSON array) so signals reach the process")
		case *instructions.CmdCommand:
			hasEntry = true
			if c.PrependShell {
				add(lineOf(c.Location()), "stagecraft/exec-form", "CMD must be in exec form (a JSON array) so signals reach the process")
			}
		}
	}
	if !hasEntry {
		add(stageLine(final), "stagecraft/entrypoint", "the final stage has no ENTRYPOINT or CMD")
	}
	switch {
	case user == "":
		add(stageLine(final), "stagecraft/non-root", "the final stage sets no USER; add a numeric non-root USER (e.g. 65532:65532)")
	case !numericNonRoot(user):
		add(userLine, "stagecraft/non-root", "USER %s: use a numeric, non-zero uid so Kubernetes runAsNonRoot can verify it", user)
	}
	return out
}

func headLines(s string, n int) string {
	parts := strings.SplitN(s, "\n", n+1)
	if len(parts) > n {
		parts = parts[:n]
	}
	return strings.Join(parts, "\n")
}

func numericNonRoot(user string) bool {
	uid := strings.SplitN(user, ":", 2)[0]
	if uid == "" || uid == "0" {
		return false
	}
	for _, r := range uid {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func toolchainBase(image string) string {
	name, tag, _ := strings.Cut(image, ":")
	for _, t := range toolchainImages {
		tn, ttag, hasTag := strings.Cut(t, ":")
		if name != tn && !strings.HasSuffix(name, "/"+tn) {
			continue
		}
		if !hasTag || matchSuffix(tag, strings.TrimPrefix(ttag, "*")) {
			return t
		}
	}
	return ""
}

func matchSuffix(tag, suffix string) bool { return strings.Contains(tag, suffix) }

func stageLine(s instructions.Stage) int { return lineOf(s.Location) }

func lineOf(r []parser.Range) int {
	if len(r) == 0 {
		return 0
	}
	return r[0].Start.Line
}
