package lint_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
	"github.com/stagecraft/stagecraft/lint"
	"github.com/stagecraft/stagecraft/templates"
)

// fixtureProject is a detected project and the tree it came from.
type fixtureProject struct {
	name    string
	project detect.Project
	// sample: a generator sample, rendered with its own options only.
	sample *generator.Options
}

// fixtureProjects scans every folder of examples/ and of
// lint/testdata/projects/ and groups the projects found by stack. New
// stacks are picked up as soon as they have an example.
func fixtureProjects(t *testing.T) map[string][]fixtureProject {
	t.Helper()
	out := map[string][]fixtureProject{}
	for _, root := range []string{filepath.Join("..", "examples"), filepath.Join("testdata", "projects")} {
		entries, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			dir := filepath.Join(root, e.Name())
			report, err := detect.Scan(os.DirFS(dir))
			if err != nil {
				t.Logf("%s: not a fixture for this test: %v", dir, err)
				continue
			}
			for _, p := range report.Projects {
				out[p.Stack] = append(out[p.Stack], fixtureProject{name: filepath.ToSlash(filepath.Join(dir, p.Path)), project: p})
			}
		}
	}
	return out
}

// variant is one set of options rendered for every project and runtime.
// optional variants may be refused by a stack (a secret id it does not
// mount, Go-only --private); the others must render.
type variant struct {
	name     string
	opts     generator.Options
	optional bool
}

func variants() []variant {
	def := generator.DefaultSyntax
	vs := []variant{
		{name: "defaults", opts: generator.Options{Syntax: def}},
		{name: "no syntax line", opts: generator.Options{Syntax: ""}},
		{name: "port, name and labels", opts: generator.Options{Syntax: def, Port: 8080, Name: "svc", Labels: map[string]string{"org.opencontainers.image.vendor": "Acme \"Ltd\" $x"}}},
		{name: "private modules", opts: generator.Options{Syntax: def, Private: []string{"example.com/internal/*"}}, optional: true},
		{name: "private modules, no syntax", opts: generator.Options{Private: []string{"example.com/internal/*"}}, optional: true},
	}
	for _, id := range []string{"netrc", "npmrc", "pip", "maven", "gradle"} {
		vs = append(vs, variant{name: "secret " + id, opts: generator.Options{Syntax: def, Secrets: []string{id}}, optional: true})
	}
	return vs
}

// TestGeneratedDockerfilesLintClean renders every embedded template for
// every runtime its template.yaml lists and every option variant, over the
// example and fixture projects (and the generator's sample projects, with
// their own options), and lints the Dockerfile with its
// .dockerignore: nothing may be reported at warning level. It fails when a
// stack or a runtime has no project to render it with.
func TestGeneratedDockerfilesLintClean(t *testing.T) {
	tfs := templates.FS()
	stacks, err := generator.Stacks(tfs)
	if err != nil {
		t.Fatal(err)
	}
	if len(stacks) == 0 {
		t.Fatal("no templates embedded")
	}
	projects := fixtureProjects(t)
	rendered := 0
	for _, stack := range stacks {
		man, err := generator.LoadManifest(tfs, stack)
		if err != nil {
			t.Errorf("%s: %v", stack, err)
			continue
		}
		// The generator's built-in samples reach template branches the
		// examples may not (each with the options it was made for).
		for _, smp := range generator.Samples(stack) {
			o := smp.Options
			projects[stack] = append(projects[stack], fixtureProject{name: "generator sample " + smp.Name, project: smp.Project, sample: &o})
		}
		if len(projects[stack]) == 0 {
			t.Errorf("stack %s has no example project to render; add one under examples/ (or lint/testdata/projects/)", stack)
			continue
		}
		covered := map[string]bool{}
		for _, fp := range projects[stack] {
			for _, rt := range man.Runtimes {
				if !slices.Contains(fp.project.Runtimes, rt) {
					continue // e.g. scratch for a cgo build: the planner refuses it
				}
				vs := variants()
				if fp.sample != nil {
					vs = []variant{{name: "sample options", opts: *fp.sample}}
				}
				for _, v := range vs {
					o := v.opts
					o.Runtime = rt
					plan, err := generator.NewPlan(fp.project, o, tfs)
					if err != nil {
						var ie *generator.InputError
						if v.optional && errors.As(err, &ie) {
							continue
						}
						t.Errorf("%s --runtime %s (%s): plan: %v", fp.name, rt, v.name, err)
						continue
					}
					files, err := generator.Render(plan, tfs)
					if err != nil {
						t.Errorf("%s --runtime %s (%s): render: %v", fp.name, rt, v.name, err)
						continue
					}
					rendered++
					covered[rt] = true
					in := lint.Input{Path: files[0].Path, Content: files[0].Content,
						Ignore: &lint.IgnoreFile{Path: files[1].Path, Content: files[1].Content}}
					fs, err := lint.Lint(in, lint.Options{Severity: lint.Warning})
					if err != nil {
						t.Errorf("%s --runtime %s (%s): %v\n%s", fp.name, rt, v.name, err, files[0].Content)
						continue
					}
					if len(fs) > 0 {
						t.Errorf("%s --runtime %s (%s): stagecraft lint finds:\n%s--- %s\n%s--- %s\n%s", fp.name, rt, v.name, text(fs), files[0].Path, files[0].Content, files[1].Path, files[1].Content)
					}
					// generate runs the same rules before writing.
					if err := generator.ValidateFiles(files[0], files[1]); err != nil {
						t.Errorf("%s --runtime %s (%s): generate would refuse it: %v", fp.name, rt, v.name, err)
					}
				}
			}
		}
		var missing []string
		for _, rt := range man.Runtimes {
			if !covered[rt] {
				missing = append(missing, rt)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("stack %s: runtimes %v were never rendered: no example or fixture project can use them; add one", stack, missing)
		}
	}
	t.Logf("%d Dockerfiles rendered for %d stacks (%v) lint clean at warning level", rendered, len(stacks), stacks)
}

// The generate path refuses a Dockerfile the lint rules find fault with.
func TestValidateFilesRunsLintRules(t *testing.T) {
	df := generator.File{Path: "Dockerfile", Content: []byte("# syntax=docker/dockerfile:1\n" + generator.Header + "\nFROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM alpine:3.20 AS runtime\nCOPY . .\nCOPY --from=build /app /app\nUSER 10001\nENTRYPOINT [\"/app\"]\n")}
	ig := generator.File{Path: ".dockerignore", Content: []byte(goodIgnore)}
	err := generator.ValidateFiles(df, ig)
	var ve *generator.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a ValidationError, got %v", err)
	}
	rules := map[string]bool{}
	for _, p := range ve.Problems {
		rules[p.Rule] = true
	}
	if !rules["SC104"] {
		t.Errorf("want SC104 (final stage copies the context) among %v", ve.Problems)
	}
	// With a .dockerignore that keeps .git in, the ignore rules fire.
	if err := generator.ValidateFiles(df, generator.File{Path: ".dockerignore", Content: []byte("node_modules\n")}); err == nil || !errors.As(err, &ve) || !slices.ContainsFunc(ve.Problems, func(p generator.Problem) bool { return p.Rule == "SC119" }) {
		t.Errorf("want SC119 for a .dockerignore without .git, got %v", err)
	}
}
