package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// TemplateProblem is one thing wrong with a template set, at the template
// file and line to fix.
type TemplateProblem struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Rule string `json:"rule"`
	Msg  string `json:"message"`
	// Rendered is the rendered Dockerfile line behind a validation problem
	// ("Dockerfile:21 \"USER root\""), when there is one.
	Rendered string `json:"rendered,omitempty"`
	// Cases are the renders that showed it.
	Cases []Case `json:"cases,omitempty"`
}

// Case is one render of a stack's template: a sample project on a runtime.
// Sample and Runtime are empty for a problem found before rendering.
type Case struct {
	Stack   string `json:"stack"`
	Sample  string `json:"sample,omitempty"`
	Runtime string `json:"runtime,omitempty"`
}

// summarise lists the stacks, samples and runtimes of cases compactly:
// "go: samples api, workspace; runtimes distroless, scratch".
func summarise(cases []Case) string {
	var stacks []string
	samples, runtimes := map[string][]string{}, map[string][]string{}
	for _, c := range cases {
		if !slices.Contains(stacks, c.Stack) {
			stacks = append(stacks, c.Stack)
		}
		if c.Sample != "" && !slices.Contains(samples[c.Stack], c.Sample) {
			samples[c.Stack] = append(samples[c.Stack], c.Sample)
		}
		if c.Runtime != "" && !slices.Contains(runtimes[c.Stack], c.Runtime) {
			runtimes[c.Stack] = append(runtimes[c.Stack], c.Runtime)
		}
	}
	var parts []string
	for _, st := range stacks {
		part := st
		if len(samples[st]) > 0 {
			part += ": " + plural("sample", samples[st]) + "; " + plural("runtime", runtimes[st])
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, " | ")
}

func plural(word string, items []string) string {
	if len(items) != 1 {
		word += "s"
	}
	return word + " " + strings.Join(items, ", ")
}

func (p TemplateProblem) String() string {
	where := p.File
	if p.Line > 0 {
		where += ":" + strconv.Itoa(p.Line)
	}
	s := fmt.Sprintf("%s: %s: %s", where, p.Rule, p.Msg)
	var ctx []string
	if p.Rendered != "" {
		ctx = append(ctx, "rendered "+p.Rendered)
	}
	if len(p.Cases) > 0 {
		ctx = append(ctx, summarise(p.Cases))
	}
	if len(ctx) > 0 {
		s += " (" + strings.Join(ctx, "; ") + ")"
	}
	return s
}

// CheckReport is what CheckTemplates found.
type CheckReport struct {
	Stacks   []string          `json:"stacks"`
	Renders  int               `json:"renders"`
	Problems []TemplateProblem `json:"problems"`
}

// CheckTemplates proves a template set: every template.yaml loads, every
// stack's templates parse, and each stack renders, for every runtime its
// template.yaml allows, a Dockerfile that passes ValidateFiles for
// the built-in sample projects of the stack (of its base, for a team
// stack). Problems name the template file and line.
func CheckTemplates(tfs fs.FS) CheckReport {
	c := &checker{tfs: tfs, seen: map[string]int{}}
	rep := CheckReport{Stacks: []string{}, Problems: []TemplateProblem{}}
	stacks, err := Stacks(tfs)
	if err != nil {
		c.add(TemplateProblem{File: ".", Rule: "template-set", Msg: err.Error()}, nil)
	}
	c.strays(stacks)
	for _, stack := range stacks {
		rep.Stacks = append(rep.Stacks, stack)
		c.stack(stack)
	}
	rep.Renders = c.renders
	rep.Problems = append(rep.Problems, c.problems...)
	return rep
}

type checker struct {
	tfs      fs.FS
	problems []TemplateProblem
	seen     map[string]int
	renders  int
}

// add records p, merging it with the same problem found by another render.
func (c *checker) add(p TemplateProblem, cs *Case) {
	key := fmt.Sprintf("%s\x00%d\x00%s\x00%s", p.File, p.Line, p.Rule, p.Msg)
	i, ok := c.seen[key]
	if !ok {
		i = len(c.problems)
		c.seen[key] = i
		c.problems = append(c.problems, p)
	}
	if cs != nil && !slices.Contains(c.problems[i].Cases, *cs) {
		c.problems[i].Cases = append(c.problems[i].Cases, *cs)
	}
}

func (c *checker) name(file string) string { return DisplayName(c.tfs, file) }

// strays are template files stagecraft never reads: a misspelt stack
// folder, a template.yml, a partial outside partials/.
func (c *checker) strays(stacks []string) {
	files, _ := fs.Glob(c.tfs, "*/*")
	for _, f := range files {
		dir, base := path.Split(f)
		dir = strings.TrimSuffix(dir, "/")
		switch {
		case dir == "partials" && strings.HasSuffix(base, ".tmpl"):
			continue
		case slices.Contains(stacks, dir) && slices.Contains([]string{"Dockerfile.tmpl", "dockerignore.tmpl", "template.yaml"}, base):
			continue
		}
		why := "stagecraft reads <stack>/Dockerfile.tmpl, <stack>/dockerignore.tmpl, <stack>/template.yaml and partials/*.tmpl"
		if !slices.Contains(stacks, dir) && dir != "partials" {
			why = dir + " has no template.yaml, so it is not a stack; " + why
		}
		c.add(TemplateProblem{File: c.name(f), Rule: "unused-file", Msg: "never used: " + why}, nil)
	}
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

func (c *checker) stack(stack string) {
	manFile := stack + "/template.yaml"
	man, err := LoadManifest(c.tfs, stack)
	if err != nil {
		p := TemplateProblem{File: c.name(manFile), Rule: "template.yaml", Msg: strings.TrimPrefix(err.Error(), manFile+": ")}
		if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
			p.Line, _ = strconv.Atoi(m[1])
		}
		c.add(p, nil)
		return
	}
	if _, err := loadTemplates(c.tfs, stack); err != nil {
		c.templateErr(err, &Case{Stack: stack})
		return
	}
	if man.Base != "" {
		if base, err := LoadManifest(c.tfs, man.Base); err == nil {
			for _, rt := range man.Runtimes {
				if !slices.Contains(base.Runtimes, rt) {
					c.add(TemplateProblem{File: c.name(manFile), Rule: "template.yaml", Msg: fmt.Sprintf("runtime %s: the base stack %s has no such runtime (%s)", rt, man.Base, strings.Join(base.Runtimes, ", "))}, nil)
				}
			}
		}
	}
	samples := Samples(man.Planner())
	if len(samples) == 0 {
		c.add(TemplateProblem{File: c.name(manFile), Rule: "no-sample", Msg: fmt.Sprintf("stagecraft has no sample %s project to render this template with, so it cannot be validated (samples are registered beside the %s planner, see generator/samples_go.go)", man.Planner(), man.Planner())}, nil)
		return
	}
	for _, rt := range man.Runtimes {
		covered := false
		for _, s := range samples {
			if !slices.Contains(s.Project.Runtimes, rt) {
				continue
			}
			covered = true
			c.render(stack, man, s, rt)
		}
		if !covered {
			c.add(TemplateProblem{File: c.name(manFile), Rule: "no-sample", Msg: fmt.Sprintf("runtime %s: no built-in %s sample project can use it, so it was not validated", rt, man.Planner())}, nil)
		}
	}
}

func (c *checker) render(stack string, man Manifest, s Sample, runtime string) {
	cs := &Case{Stack: stack, Sample: s.Name, Runtime: runtime}
	o := s.Options
	o.Runtime = runtime
	if man.Base != "" {
		o.Stack = stack
	}
	c.renders++
	plan, _, err := Generate(s.Project, o, c.tfs)
	if plan.Values != nil {
		c.documented(stack, man, plan.Values, cs)
	}
	if err == nil {
		return
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			tp := TemplateProblem{File: p.Template, Line: p.TemplateLine, Rule: p.Rule, Msg: p.Msg}
			if p.Line > 0 {
				tp.Rendered = fmt.Sprintf("%s:%d", path.Base(p.File), p.Line)
				if t := strings.TrimSpace(p.Text); t != "" {
					tp.Rendered += fmt.Sprintf(" %q", t)
				}
			}
			if tp.File == "" {
				tp.File = c.name(plan.Stack + "/Dockerfile.tmpl")
			}
			c.add(tp, cs)
		}
		return
	}
	c.templateErr(err, cs)
}

// documented checks that template.yaml documents exactly the values the
// template receives (top-level names; "Go.Binary" documents "Go"). A team
// stack that lists no variables is documented by its base.
func (c *checker) documented(stack string, man Manifest, values map[string]any, cs *Case) {
	if len(man.Variables) == 0 && man.Base != "" {
		return
	}
	file := c.name(stack + "/template.yaml")
	declared := map[string]bool{}
	for _, v := range man.Variables {
		top, _, _ := strings.Cut(v.Name, ".")
		declared[top] = true
	}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if !declared[k] {
			c.add(TemplateProblem{File: file, Rule: "variables", Msg: fmt.Sprintf("the template receives .%s, but variables does not document it", k)}, cs)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(declared)) {
		if _, ok := values[k]; !ok {
			c.add(TemplateProblem{File: file, Rule: "variables", Msg: fmt.Sprintf("variables documents .%s, but the template never receives it", k)}, cs)
		}
	}
}

func (c *checker) templateErr(err error, cs *Case) {
	var te *TemplateError
	if errors.As(err, &te) {
		c.add(TemplateProblem{File: te.File, Line: te.Line, Rule: "template", Msg: te.Err.Error()}, cs)
		return
	}
	// A planner refusing a sample is a problem of the template.yaml
	// (a runtime or option the stack cannot honour).
	c.add(TemplateProblem{File: c.name(cs.Stack + "/template.yaml"), Rule: "plan", Msg: err.Error()}, cs)
}
