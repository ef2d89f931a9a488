package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stagecraft/stagecraft/internal/tplsource"
	"github.com/stagecraft/stagecraft/templates"
)

// teamOverlay lays team files over the embedded templates, as --templates does.
func teamOverlay(t *testing.T, team map[string]string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	for name, content := range team {
		m[name] = &fstest.MapFile{Data: []byte(content)}
	}
	set, err := tplsource.Layer(templates.FS(), m)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func embeddedFile(t *testing.T, name string) string {
	t.Helper()
	dt, err := fs.ReadFile(templates.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(dt)
}

// edit replaces old (which must occur) in the embedded file name.
func edit(t *testing.T, name, old, new string) string {
	t.Helper()
	s := embeddedFile(t, name)
	if !strings.Contains(s, old) {
		t.Fatalf("%s has no %q", name, old)
	}
	return strings.Replace(s, old, new, 1)
}

// lineContaining is the 1-based line of the first line of src containing s.
func lineContaining(t *testing.T, src, s string) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line contains %q", s)
	return 0
}

func goSample(t *testing.T, name string) Sample {
	t.Helper()
	for _, s := range Samples("go") {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no go sample %s", name)
	return Sample{}
}

func TestEmbeddedTemplatesPassCheck(t *testing.T) {
	rep := CheckTemplates(templates.FS())
	for _, p := range rep.Problems {
		t.Error(p)
	}
	if !slices.Contains(rep.Stacks, "go") || rep.Renders < 4 {
		t.Errorf("checked stacks %v with %d renders; want go on every runtime", rep.Stacks, rep.Renders)
	}
}

// Every instruction line of every sample's Dockerfile traces back to a
// template line that starts with the same instruction.
func TestTracedLinesPointAtTheirTemplateLine(t *testing.T) {
	tfs := templates.FS()
	stacks, _ := Stacks(tfs)
	for _, stack := range stacks {
		man, err := LoadManifest(tfs, stack)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range Samples(man.Planner()) {
			for _, rt := range man.Runtimes {
				if !slices.Contains(s.Project.Runtimes, rt) {
					continue
				}
				o := s.Options
				o.Runtime = rt
				plan, files, err := Generate(s.Project, o, tfs)
				if err != nil {
					t.Fatalf("%s/%s: %v", s.Name, rt, err)
				}
				origins, ok := renderTraced(tfs, stack, stack+"/Dockerfile.tmpl", plan.Values, files[0].Content)
				if !ok {
					t.Fatalf("%s/%s: the traced rendering differs from the real one", s.Name, rt)
				}
				for i, line := range strings.Split(strings.TrimSuffix(string(files[0].Content), "\n"), "\n") {
					word, _, _ := strings.Cut(line, " ")
					if word == "" || word != strings.ToUpper(word) || strings.HasPrefix(word, "#") || strings.HasPrefix(word, "-") || strings.HasPrefix(word, "&&") {
						continue
					}
					o := origins[i]
					src, err := fs.ReadFile(tfs, o.File)
					if err != nil {
						t.Fatalf("%s/%s line %d %q: origin %v: %v", s.Name, rt, i+1, line, o, err)
					}
					tl := strings.Split(string(src), "\n")[o.Line-1]
					if !strings.HasPrefix(strings.TrimSpace(tl), word) {
						t.Errorf("%s/%s: rendered line %d %q traced to %s:%d %q", s.Name, rt, i+1, line, o.File, o.Line, tl)
					}
				}
			}
		}
	}
}

func TestCheckTemplatesReportsFileAndLine(t *testing.T) {
	df := "go/Dockerfile.tmpl"
	tests := []struct {
		name string
		team map[string]string
		// want: file, the text of the template line, rule, and a piece of the message
		file, lineText, rule, msg string
	}{
		{
			name: "parse error",
			team: map[string]string{df: edit(t, df, "{{- if .Port }}", "{{- if .Port }")},
			file: df, lineText: "{{- if .Port }", rule: "template", msg: "unexpected",
		},
		{
			name: "lint warning",
			team: map[string]string{df: edit(t, df, "AS runtime", "as runtime")},
			file: df, lineText: "as runtime", rule: "buildkit/FromAsCasing", msg: "casing",
		},
		{
			name: "missing variable",
			team: map[string]string{df: edit(t, df, "WORKDIR /app", "WORKDIR {{ .AppDir }}")},
			file: df, lineText: "{{ .AppDir }}", rule: "template", msg: `no entry for key "AppDir"`,
		},
		{
			name: "root user",
			team: map[string]string{df: edit(t, df, "USER {{ .User }}", "USER root")},
			file: df, lineText: "USER root", rule: "stagecraft/non-root", msg: "USER root",
		},
		{
			name: "env refused",
			team: map[string]string{df: edit(t, df, "WORKDIR /app", `ENV HOME={{ env "HOME" }}`)},
			file: df, lineText: `env "HOME"`, rule: "template", msg: `function "env" is not available`,
		},
		{
			name: "broken team partial",
			team: map[string]string{"partials/labels.tmpl": edit(t, "partials/labels.tmpl", "\nLABEL\n", "\nLABLE\n")},
			file: "partials/labels.tmpl", lineText: "LABLE", rule: "parse", msg: "LABLE",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := CheckTemplates(teamOverlay(t, tc.team))
			if len(rep.Problems) == 0 {
				t.Fatal("no problem found")
			}
			src := tc.team[tc.file]
			want := lineContaining(t, src, tc.lineText)
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.String())
				if p.File == tc.file && p.Line == want && p.Rule == tc.rule && strings.Contains(p.Msg, tc.msg) {
					if !strings.HasPrefix(p.String(), fmt.Sprintf("%s:%d: ", tc.file, want)) {
						t.Errorf("String() = %q, want it to start with file:line", p.String())
					}
					return
				}
			}
			t.Fatalf("want %s:%d: %s: ...%s...; got\n  %s", tc.file, want, tc.rule, tc.msg, strings.Join(got, "\n  "))
		})
	}
}

func TestCheckTemplatesReportsSetProblems(t *testing.T) {
	tests := []struct {
		name       string
		team       map[string]string
		file, want string
	}{
		{"stray folder", map[string]string{"golang/Dockerfile.tmpl": "x"}, "golang/Dockerfile.tmpl", "golang has no template.yaml"},
		{"stray file", map[string]string{"go/template.yml.yaml": "x"}, "go/template.yml.yaml", "never used"},
		{"team stack without base", map[string]string{
			"acme/template.yaml": "name: acme\nruntimes: [distroless]\n", "acme/Dockerfile.tmpl": "", "acme/dockerignore.tmpl": "",
		}, "acme/template.yaml", "base: <stack>"},
		{"team stack runtime its base lacks", map[string]string{
			"acme/template.yaml":     "name: acme\nbase: go\nruntimes: [distroless, nginx]\n",
			"acme/Dockerfile.tmpl":   embeddedFile(t, "go/Dockerfile.tmpl"),
			"acme/dockerignore.tmpl": embeddedFile(t, "go/dockerignore.tmpl"),
		}, "acme/template.yaml", "runtime nginx"},
		{"undocumented value", map[string]string{
			"go/template.yaml": edit(t, "go/template.yaml", "  - {name: User,", "  - {name: UserX,"),
		}, "go/template.yaml", "receives .User, but variables does not document it"},
		{"bad yaml", map[string]string{"go/template.yaml": "name: go\nruntimes: [distroless\n"}, "go/template.yaml", "yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := CheckTemplates(teamOverlay(t, tc.team))
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.String())
				if p.File == tc.file && strings.Contains(p.String(), tc.want) {
					return
				}
			}
			t.Fatalf("want a problem in %s with %q; got\n  %s", tc.file, tc.want, strings.Join(got, "\n  "))
		})
	}
}

func TestCheckTemplatesWithoutSampleFails(t *testing.T) {
	planners["fakestack"] = func(*Plan, Options) error { return nil }
	t.Cleanup(func() { delete(planners, "fakestack") })
	rep := CheckTemplates(teamOverlay(t, map[string]string{
		"fakestack/template.yaml":     "name: fakestack\nruntimes: [slim]\n",
		"fakestack/Dockerfile.tmpl":   "",
		"fakestack/dockerignore.tmpl": "",
	}))
	for _, p := range rep.Problems {
		if p.File == "fakestack/template.yaml" && p.Rule == "no-sample" && strings.Contains(p.Msg, "no sample fakestack project") {
			return
		}
	}
	t.Fatalf("want a no-sample problem for fakestack; got %v", rep.Problems)
}

func TestTemplateCallingEnvIsRefusedAtLoad(t *testing.T) {
	df := edit(t, "go/Dockerfile.tmpl", "WORKDIR /src", `WORKDIR {{ env "HOME" }}`)
	tfs := teamOverlay(t, map[string]string{"go/Dockerfile.tmpl": df})
	_, err := loadTemplates(tfs, "go")
	var te *TemplateError
	if !errors.As(err, &te) {
		t.Fatalf("loadTemplates = %v, want a *TemplateError", err)
	}
	if te.File != "go/Dockerfile.tmpl" || te.Line != lineContaining(t, df, `env "HOME"`) {
		t.Errorf("error at %s:%d, want go/Dockerfile.tmpl:%d", te.File, te.Line, lineContaining(t, df, `env "HOME"`))
	}
	for _, want := range []string{`function "env" is not available`, "hermetic"} {
		if !strings.Contains(te.Error(), want) {
			t.Errorf("error %q does not say %q", te.Error(), want)
		}
	}
}

func TestFuncMapIsHermetic(t *testing.T) {
	fm := FuncMap()
	for _, name := range append(slices.Clone(nonHermetic), "readFile", "include", "tpl", "lookup", "exec") {
		if _, ok := fm[name]; ok {
			t.Errorf("templates may call %s", name)
		}
	}
	s := goSample(t, "api")
	_, a, err := Generate(s.Project, s.Options, templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	_, b, _ := Generate(s.Project, s.Options, templates.FS())
	if !bytes.Equal(a[0].Content, b[0].Content) || !bytes.Equal(a[1].Content, b[1].Content) {
		t.Error("two renderings of the same plan differ")
	}
}

// A team partial in a file of its own that redefines an embedded block
// wins, although its file sorts before the embedded one.
func TestTeamPartialReplacesEmbeddedBlock(t *testing.T) {
	tfs := teamOverlay(t, map[string]string{
		"partials/acme.tmpl": `{{- define "labels" }}
LABEL com.acme.team="platform"
{{- end -}}`,
	})
	s := goSample(t, "api")
	_, files, err := Generate(s.Project, s.Options, tfs)
	if err != nil {
		t.Fatal(err)
	}
	df := string(files[0].Content)
	if !strings.Contains(df, `LABEL com.acme.team="platform"`) || strings.Contains(df, "org.opencontainers.image.title") {
		t.Fatalf("the team's labels block was not used:\n%s", df)
	}
}

func TestTeamOverrideOfOneFileRenders(t *testing.T) {
	df := edit(t, "go/Dockerfile.tmpl", "FROM {{ .Go.RuntimeImage }} AS runtime", "FROM registry.acme.example/base/static:2025.1 AS runtime")
	tfs := teamOverlay(t, map[string]string{"go/Dockerfile.tmpl": df})
	s := goSample(t, "api")
	_, files, err := Generate(s.Project, s.Options, tfs)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files[0].Content), "FROM registry.acme.example/base/static:2025.1 AS runtime") {
		t.Errorf("the team Dockerfile.tmpl was not used:\n%s", files[0].Content)
	}
	if !strings.Contains(string(files[1].Content), "**/.netrc") {
		t.Error("the embedded dockerignore.tmpl should still be used")
	}
}

func TestTeamStackSelectedWithStack(t *testing.T) {
	team := map[string]string{
		"acme-go/template.yaml":     "name: acme-go\nbase: go\ndescription: Go on ACME's base image\nruntimes: [distroless]\ndefault_runtime: distroless\n",
		"acme-go/Dockerfile.tmpl":   edit(t, "go/Dockerfile.tmpl", "WORKDIR /app", "WORKDIR /srv/acme"),
		"acme-go/dockerignore.tmpl": embeddedFile(t, "go/dockerignore.tmpl"),
		"nodey/template.yaml":       "name: nodey\nbase: go\nruntimes: [slim]\n",
	}
	tfs := teamOverlay(t, team)
	s := goSample(t, "api")

	o := s.Options
	o.Stack = "acme-go"
	plan, files, err := Generate(s.Project, o, tfs)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Stack != "acme-go" || plan.Base != "go" || plan.Runtime != "distroless" {
		t.Errorf("plan: stack %s base %s runtime %s; want acme-go on go, distroless", plan.Stack, plan.Base, plan.Runtime)
	}
	if !strings.Contains(string(files[0].Content), "WORKDIR /srv/acme") {
		t.Errorf("the team stack's template was not rendered:\n%s", files[0].Content)
	}

	// Runtimes come from the team stack's template.yaml.
	o.Runtime = "scratch"
	if _, _, err := Generate(s.Project, o, tfs); err == nil || !strings.Contains(err.Error(), "--runtime scratch: the acme-go template renders only distroless") {
		t.Errorf("a runtime the team stack does not list: %v", err)
	}

	for stack, want := range map[string]string{
		"nope":  "--stack nope: no such stack; the templates have acme-go, go, java, node, nodey, python",
		"node":  "looks like a go project (detected); stagecraft cannot build it as node",
		"../go": "a stack name is",
	} {
		o := s.Options
		o.Stack = stack
		_, err := NewPlan(s.Project, o, tfs)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--stack %s: %v, want %q", stack, err, want)
		}
	}

	// A team stack built on another stack is refused for this project.
	p := s.Project
	p.Stack = "node"
	o = s.Options
	o.Stack = "acme-go"
	_, err = NewPlan(p, o, tfs)
	if err == nil || !strings.Contains(err.Error(), "builds on go projects") {
		t.Errorf("team stack on a project of another stack: %v", err)
	}
}

func TestTeamStackCannotRebaseABuiltInStack(t *testing.T) {
	tfs := teamOverlay(t, map[string]string{"go/template.yaml": "name: go\nbase: go\nruntimes: [distroless]\n"})
	_, err := LoadManifest(tfs, "go")
	if err == nil || !strings.Contains(err.Error(), "base is only for a new (team) stack") {
		t.Fatalf("LoadManifest = %v", err)
	}
}

// A team template that renders an invalid Dockerfile fails Generate (so it
// is never written) and the error leads with the template file and line.
func TestInvalidRenderNamesTemplateLine(t *testing.T) {
	df := edit(t, "go/Dockerfile.tmpl", "USER {{ .User }}", "USER 0")
	tfs := teamOverlay(t, map[string]string{"go/Dockerfile.tmpl": df})
	s := goSample(t, "api")
	_, files, err := Generate(s.Project, s.Options, tfs)
	if files != nil {
		t.Error("Generate returned files for an invalid Dockerfile")
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Generate = %v, want a *ValidationError", err)
	}
	want := fmt.Sprintf("go/Dockerfile.tmpl:%d: stagecraft/non-root: USER 0", lineContaining(t, df, "USER 0"))
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `(rendered Dockerfile:`) {
		t.Errorf("error = %s\nwant it to contain %q and the rendered line", err, want)
	}
}
