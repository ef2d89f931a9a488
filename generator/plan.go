package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/stagecraft/stagecraft/detect"
)

// Plan is everything needed to render one project: which template, which
// runtime, where the files go, and the typed values the template receives.
type Plan struct {
	Project detect.Project
	// Stack is the template folder rendered; Base is the stack whose planner
	// computed the values (the same, except for a team stack).
	Stack   string
	Base    string
	Runtime string
	// Dockerfile and Ignorefile are slash paths relative to the scanned root
	// (absolute when --output pointed outside it).
	Dockerfile string
	Ignorefile string
	// Context is the build context relative to the root.
	Context string
	// Values is what the templates see.
	Values map[string]any
	// Reasons explains the decisions, for the report and --json.
	Reasons []string
	// Notices are the reasons a user should read even without --json: a
	// value that differs from what the project asked for, or a caveat of
	// the chosen runtime. Each is also in Reasons.
	Notices []string
	// BuildOutputs says the runtime image takes the app's files from a
	// build step that may create files the repository lacks (a Node
	// build), not from the build context: --include and --entrypoint paths
	// missing from the repository may be build outputs.
	BuildOutputs bool
	// ImagesReplaced lists the Options.Images keys the Dockerfile used;
	// BaseImages are the images its FROM lines name, as rendered.
	ImagesReplaced []string
	BaseImages     []string
	// Secrets are the build secret ids the Dockerfile mounts.
	Secrets []string
}

// notice records a reason the CLI also prints as a note.
func (p *Plan) notice(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.Reasons = append(p.Reasons, msg)
	p.Notices = append(p.Notices, msg)
}

// stackPlanner adds a stack's values to a plan and validates its options.
type stackPlanner func(p *Plan, o Options) error

// planners holds each stack's planner; each stack's file registers its own.
var planners = map[string]stackPlanner{}

// NewPlan decides how to build project p with options o, using the
// manifests in tfs to know each stack's runtimes.
func NewPlan(p detect.Project, o Options, tfs fs.FS) (Plan, error) {
	if err := checkCommon(o); err != nil {
		return Plan{}, err
	}
	stack := p.Stack
	if o.Stack != "" {
		stack = o.Stack
	}
	man, err := LoadManifest(tfs, stack)
	insteadOf := ""
	if stack != p.Stack {
		// A folder holding two stacks' apps: --stack may pick the one
		// detection kept as an alternative (directly or through a team
		// stack built on it).
		want := stack
		if err == nil && man.Base != "" {
			want = man.Base
		}
		if alt, ok := p.Alternative(want); ok {
			insteadOf = p.Stack
			p = alt
		}
	}
	switch {
	case err != nil && (stack == p.Stack || !errors.Is(err, fs.ErrNotExist)):
		return Plan{}, err
	case stack != p.Stack && (err != nil || man.Base != p.Stack):
		// --stack may name the detected stack, or a team stack whose
		// template.yaml says it builds on the detected stack (base: go).
		why := "stagecraft cannot build it as " + stack
		if errors.Is(err, fs.ErrNotExist) {
			stacks, _ := Stacks(tfs)
			return Plan{}, inputErr("--stack %s: no such stack; the templates have %s", o.Stack, strings.Join(stacks, ", "))
		}
		if err == nil && man.Base != "" {
			why = fmt.Sprintf("the %s template builds on %s projects (base: %s in %s/template.yaml)", stack, man.Base, man.Base, stack)
		}
		return Plan{}, inputErr("--stack %s: %s looks like a %s project (%s); %s", o.Stack, displayPath(p.Path), p.Stack, evidenceSummary(p, "stack"), why)
	}
	plan := Plan{Project: p, Stack: stack, Base: man.Planner(), Context: p.Context, Secrets: slices.Clone(o.Secrets)}
	if insteadOf != "" {
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("stack %s from --stack: the %s app in the same folder, instead of the %s project detection chose", p.Stack, p.Stack, insteadOf))
	}
	if man.Base != "" {
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("stack %s from --stack: a team template built on %s", stack, man.Base))
	}
	if plan.Context == "" {
		plan.Context = p.Path
	}
	plan.Runtime, err = chooseRuntime(p, man, o.Runtime, &plan.Reasons)
	if err != nil {
		return Plan{}, err
	}
	plan.Dockerfile, plan.Ignorefile = outputPaths(p, plan.Context, o.Output)
	for _, f := range []string{inContext(plan.Context, plan.Dockerfile), inContext(plan.Context, plan.Ignorefile)} {
		if err := checkIgnoreLine("--output", f); err != nil {
			return Plan{}, err
		}
	}

	version := p.LanguageVersion
	if o.Version != "" {
		version = o.Version
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("version %s from --version", version))
	} else if version != "" && !versionRe.MatchString(version) {
		// Detected versions land in FROM tags like flags do.
		return Plan{}, inputErr("%s: the %s version %q (%s) is not a version like 1.23.4; pass --version", displayPath(p.Path), p.Stack, version, evidenceSummary(p, "language_version"))
	}
	port := 0
	if p.Port != nil {
		port = *p.Port
	}
	if o.Port != 0 {
		port = o.Port
	}
	name := o.Name
	if name == "" {
		name = defaultName(p)
	}
	labels := map[string]string{"org.opencontainers.image.title": name}
	for k, v := range o.Labels {
		labels[k] = v
	}
	plan.Values = map[string]any{
		"Syntax":              o.Syntax,
		"Header":              Header,
		"Modern":              o.Syntax != "",
		"Runtime":             plan.Runtime,
		"Version":             version,
		"Port":                port,
		"AppName":             name,
		"Labels":              sortedLabels(labels),
		"Secrets":             plan.Secrets,
		"DockerfileInContext": inContext(plan.Context, plan.Dockerfile),
		"IgnorefileInContext": inContext(plan.Context, plan.Ignorefile),
		"KeepInContext":       []string{},
		"RuntimeFiles":        []RuntimeFile{},
	}
	planner, ok := planners[plan.Base]
	if !ok {
		return Plan{}, inputErr("no planner for stack %q", plan.Base)
	}
	if err := planner(&plan, o); err != nil {
		return Plan{}, err
	}
	return plan, nil
}

// RuntimeFile is one path copied from the build context into the runtime image.
type RuntimeFile struct{ From, To string }

func chooseRuntime(p detect.Project, man Manifest, want string, reasons *[]string) (string, error) {
	allowed := intersect(man.Runtimes, p.Runtimes)
	if want != "" {
		if slices.Contains(allowed, want) {
			*reasons = append(*reasons, fmt.Sprintf("runtime %s from --runtime", want))
			return want, nil
		}
		for _, ex := range p.RuntimesExcluded {
			if ex.Runtime == want {
				return "", inputErr("--runtime %s: %s; choose one of: %s", want, ex.Reason, strings.Join(allowed, ", "))
			}
		}
		if man.Base != "" && !slices.Contains(man.Runtimes, want) {
			return "", inputErr("--runtime %s: the %s template renders only %s", want, man.Name, strings.Join(allowed, ", "))
		}
		return "", inputErr("--runtime %s: not a runtime for %s projects; choose one of: %s", want, p.Stack, strings.Join(allowed, ", "))
	}
	if len(allowed) == 0 {
		if len(p.RuntimesExcluded) > 0 {
			return "", inputErr("%s: no runtime fits this %s project: %s", displayPath(p.Path), p.Stack, p.RuntimesExcluded[0].Reason)
		}
		return "", inputErr("%s: no runtime fits this %s project", displayPath(p.Path), p.Stack)
	}
	if slices.Contains(allowed, man.DefaultRuntime) {
		*reasons = append(*reasons, fmt.Sprintf("runtime %s: the default for %s", man.DefaultRuntime, p.Stack))
		return man.DefaultRuntime, nil
	}
	*reasons = append(*reasons, fmt.Sprintf("runtime %s: the default %s does not fit this project", allowed[0], man.DefaultRuntime))
	return allowed[0], nil
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range b {
		if slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}

// outputPaths places the Dockerfile and the ignore file BuildKit will read
// for it: .dockerignore only when the Dockerfile is <context>/Dockerfile,
// else <dockerfile>.dockerignore beside it.
func outputPaths(p detect.Project, context, output string) (string, string) {
	df := output
	if df == "" {
		df = path.Join(p.Path, "Dockerfile")
	}
	if df == path.Join(context, "Dockerfile") {
		return df, path.Join(context, ".dockerignore")
	}
	return df, df + ".dockerignore"
}

// inContext is p relative to the context, for .dockerignore patterns.
func inContext(context, p string) string {
	if context == "." || context == "" {
		return p
	}
	if strings.HasPrefix(p, context+"/") {
		return strings.TrimPrefix(p, context+"/")
	}
	return path.Base(p)
}

func defaultName(p detect.Project) string {
	candidates := []string{}
	if p.Node != nil && p.Node.Name != "" {
		candidates = append(candidates, path.Base(p.Node.Name)) // @scope/app → app
	}
	if p.Entrypoint != "" && p.Entrypoint != "." && p.Node == nil {
		candidates = append(candidates, path.Base(p.Entrypoint))
	}
	if p.Go != nil {
		candidates = append(candidates, path.Base(p.Go.Module))
	}
	if p.Path != "." {
		candidates = append(candidates, path.Base(p.Path))
	}
	candidates = append(candidates, "app")
	for _, c := range candidates {
		if n := sanitizeName(c); n != "" {
			return n
		}
	}
	return "app"
}

// sanitizeName makes an image/binary name out of anything: lower case, and
// only letters, digits, '.', '_' and '-'.
func sanitizeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	out := strings.Trim(b.String(), "-._")
	if len(out) > 64 {
		out = strings.Trim(out[:64], "-._")
	}
	return out
}

func displayPath(p string) string {
	if p == "." {
		return "the root project"
	}
	return p
}

func evidenceSummary(p detect.Project, field string) string {
	for _, e := range p.Evidence {
		if e.Field == field {
			return e.Where()
		}
	}
	for _, e := range p.Evidence {
		return "from " + e.File
	}
	return "detected"
}

// copySteps checks each path and groups consecutive paths of one folder
// into a COPY step to that folder, keeping their order.
func copySteps(kind string, paths []string) ([]CopyStep, error) {
	var out []CopyStep
	for _, p := range paths {
		if err := checkRelPath(kind, p); err != nil {
			return nil, err
		}
		dest := "./"
		if d := path.Dir(p); d != "." {
			dest = "./" + d + "/"
		}
		if n := len(out); n > 0 && out[n-1].Dest == dest {
			out[n-1].Sources = append(out[n-1].Sources, p)
			continue
		}
		out = append(out, CopyStep{Sources: []string{p}, Dest: dest})
	}
	return out, nil
}
