package config

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
	"github.com/stagecraft/stagecraft/templates"
)

var update = flag.Bool("update", false, "rewrite golden files")

const example = `version: 1
projects:
  - path: .
    stack: go
    language_version: "1.23.4"
    entrypoint: ./cmd/server
    runtime: distroless
    port: 8080
    secrets: [netrc]
    private: ["example.com/internal/*"]
    labels:
      org.opencontainers.image.vendor: Example
    name: server
    output: Dockerfile     # relative to the project's path
    include: [static]
templates: ""          # a team template source; empty = embedded
lint:
  disable: [DL3008]
`

func TestParseExample(t *testing.T) {
	f, err := Parse(".stagecraft.yaml", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	want := Project{
		Path: ".", Stack: "go", LanguageVersion: "1.23.4", Entrypoint: "./cmd/server", Runtime: "distroless",
		Port: 8080, Secrets: []string{"netrc"}, Private: []string{"example.com/internal/*"},
		Labels: map[string]string{"org.opencontainers.image.vendor": "Example"}, Name: "server",
		Output: "Dockerfile", Include: []string{"static"},
	}
	if len(f.Projects) != 1 {
		t.Fatalf("projects = %d, want 1", len(f.Projects))
	}
	got := f.Projects[0]
	got.line, got.lines = 0, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("project =\n%#v\nwant\n%#v", got, want)
	}
	if f.Version != 1 || f.Templates != "" || !reflect.DeepEqual(f.Lint.Disable, []string{"DL3008"}) {
		t.Errorf("file = %+v", f)
	}
	if got := f.Where("lint.disable"); got != ".stagecraft.yaml:18" {
		t.Errorf("Where(lint.disable) = %q", got)
	}
	if got := f.Where("templates"); got != ".stagecraft.yaml:16" {
		t.Errorf("Where(templates) = %q", got)
	}
	if got := f.Projects[0].Line("runtime"); got != 7 {
		t.Errorf("runtime line = %d, want 7", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"unknown top key", "version: 1\nproject: []\n", `.stagecraft.yaml:2: config: unknown key "project" (did you mean projects?)`},
		{"unknown project key", "version: 1\nprojects:\n  - path: .\n    ports: 80\n", `.stagecraft.yaml:4: projects[0]: unknown key "ports" (did you mean port?)`},
		{"port as string", "version: 1\nprojects:\n  - path: .\n    port: \"8080\"\n", `.stagecraft.yaml:4: projects[0].port: want a whole number, got the string 8080`},
		{"port out of range", "version: 1\nprojects:\n  - path: .\n    port: 70000\n", `.stagecraft.yaml:4: projects[0].port: 70000 is not a port`},
		{"unknown runtime", "version: 1\nprojects:\n  - path: .\n    runtime: distroles\n", `.stagecraft.yaml:4: projects[0].runtime: unknown runtime "distroles"; runtimes: distroless, scratch, alpine, slim, nginx`},
		{"bad stack name", "version: 1\nprojects:\n  - path: .\n    stack: Go Lang\n", `.stagecraft.yaml:4: projects[0].stack: "Go Lang" is not a stack name`},
		{"version as float", "version: 1\nprojects:\n  - path: .\n    language_version: 1.20\n", `.stagecraft.yaml:4: projects[0].language_version: want a string, got the number 1.20; quote it: "1.20"`},
		{"secrets not a list", "version: 1\nprojects:\n  - path: .\n    secrets: netrc\n", `.stagecraft.yaml:4: projects[0].secrets: want a list of strings ([a, b]), got the string netrc`},
		{"labels list", "version: 1\nprojects:\n  - path: .\n    labels: [a]\n", `.stagecraft.yaml:4: projects[0].labels: want a mapping of label keys to values, got a list`},
		{"no path", "version: 1\nprojects:\n  - runtime: slim\n", `.stagecraft.yaml:3: projects[0]: path is missing`},
		{"path outside", "version: 1\nprojects:\n  - path: ../x\n", `.stagecraft.yaml:3: projects[0].path "../x": leaves the repository`},
		{"output outside", "version: 1\nprojects:\n  - path: svc\n    output: ../../Dockerfile\n", `.stagecraft.yaml:4: projects[0].output "../../Dockerfile" leaves the repository`},
		{"duplicate path", "version: 1\nprojects:\n  - path: a\n  - path: ./a\n", `.stagecraft.yaml:4: projects[1]: path a is already configured at line 3`},
		{"duplicate key", "version: 1\nversion: 1\n", `.stagecraft.yaml:2: config: version is set twice`},
		{"no version", "projects: []\n", `.stagecraft.yaml:1: version is missing`},
		{"future version", "version: 2\n", `.stagecraft.yaml:1: version 2: this stagecraft reads version 1`},
		{"empty", "", `.stagecraft.yaml: the file is empty`},
		{"not a mapping", "- a\n", `.stagecraft.yaml:1: config: want a mapping of keys`},
		{"bad yaml", "version: 1\nprojects: [\n", `.stagecraft.yaml:2: not valid YAML`},
		{"lint unknown", "version: 1\nlint:\n  enable: []\n", `.stagecraft.yaml:3: lint: unknown key "enable"`},
		{"templates list", "version: 1\ntemplates: [a]\n", `.stagecraft.yaml:2: templates: want a string, got a list`},
		{"two documents", "version: 1\n---\nversion: 1\n", `.stagecraft.yaml:2: a second YAML document`},
		{"image without version", "version: 1\nimages:\n  golang: golang:1.26-bookworm\n", `.stagecraft.yaml:3: images: "golang" has no tag or digest`},
		{"image bad target", "version: 1\nimages:\n  golang:1.26-bookworm: \"registry.example/golang:1.26 bookworm\"\n", `.stagecraft.yaml:3: images.golang:1.26-bookworm: "registry.example/golang:1.26 bookworm" is not an image reference`},
		{"images list", "version: 1\nimages: [golang]\n", `.stagecraft.yaml:2: images: want a mapping of image to replacement`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(".stagecraft.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("error is %T, want *config.Error", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error =\n  %s\nwant prefix\n  %s", err, tc.want)
			}
		})
	}
}

func TestNullsAreUnset(t *testing.T) {
	f, err := Parse("c.yaml", []byte("version: 1\nprojects:\n  - path: .\n    runtime:\n    port: ~\n    secrets:\nlint:\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Projects[0]
	if p.Runtime != "" || p.Port != 0 || p.Secrets != nil {
		t.Errorf("nulls should be unset: %+v", p)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), FileName))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want ErrNotExist", err)
	}
}

func TestMarshalGoldenAndRoundTrip(t *testing.T) {
	f := &File{Version: 1, Projects: []Project{
		{Path: "services/api", Stack: "go", Runtime: "distroless", Port: 8080, Output: "Dockerfile",
			Private: []string{"example.com/internal/*"}, Secrets: []string{"netrc"},
			Labels: map[string]string{"team": "core", "org.opencontainers.image.vendor": "Example: Inc"}},
		{Path: "services/worker", Stack: "go", LanguageVersion: "1.23", Entrypoint: "./cmd/worker", Runtime: "scratch", Name: "worker", Include: []string{"migrations"}},
	}, Lint: Lint{Disable: []string{"DL3008"}}, Images: map[string]string{
		"golang:1.26-bookworm":                      "golang:1.26-bookworm@sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
		"gcr.io/distroless/static-debian12:nonroot": "registry.example.com/distroless/static-debian12:nonroot",
	}}
	got := f.Marshal()
	golden := filepath.Join("testdata", "written.yaml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("Marshal() differs from %s (run with -update and review):\n%s", golden, got)
	}
	back, err := Parse("written.yaml", got)
	if err != nil {
		t.Fatalf("written file does not parse: %v\n%s", err, got)
	}
	for i := range back.Projects {
		back.Projects[i].line, back.Projects[i].lines = 0, nil
	}
	back.Name, back.lines = "", nil
	if !reflect.DeepEqual(back.Projects, f.Projects) || !reflect.DeepEqual(back.Lint, f.Lint) || back.Templates != f.Templates || !reflect.DeepEqual(back.Images, f.Images) {
		t.Errorf("round trip:\n%#v\nwant\n%#v", back.Projects, f.Projects)
	}
	// An empty file is valid too.
	if _, err := Parse("empty.yaml", (&File{Version: 1}).Marshal()); err != nil {
		t.Errorf("empty config does not parse: %v", err)
	}
}

// cgoModule is a Go module that needs cgo, so scratch is not a runtime for it.
var cgoModule = fstest.MapFS{
	"go.mod":  {Data: []byte("module example.com/app\n\ngo 1.23.4\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n")},
	"go.sum":  {Data: []byte("")},
	"main.go": {Data: []byte("package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n")},
}

func scanFS(t *testing.T, fsys fstest.MapFS) detect.Report {
	t.Helper()
	r, err := detect.Scan(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestResolvePrecedence(t *testing.T) {
	report := scanFS(t, cgoModule)
	file, err := Parse(".stagecraft.yaml", []byte("version: 1\nprojects:\n  - path: .\n    runtime: slim\n    port: 9000\n    name: fromconfig\n    labels: {a: config, b: config}\n"))
	if err != nil {
		t.Fatal(err)
	}
	env, err := EnvOptions(mapEnv(map[string]string{"STAGECRAFT_PORT": "9100", "STAGECRAFT_NAME": "fromenv", "STAGECRAFT_LABELS": "b=env,c=env"}))
	if err != nil {
		t.Fatal(err)
	}
	flags := generator.Options{Syntax: generator.DefaultSyntax, Name: "fromflag", Labels: map[string]string{"c": "flag"}}
	rs, err := Resolve(Request{Report: report, Flags: flags, Env: env, File: file})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d projects", len(rs))
	}
	o := rs[0].Options
	if o.Runtime != "slim" || o.Port != 9100 || o.Name != "fromflag" || o.Syntax != generator.DefaultSyntax {
		t.Errorf("options = %+v", o)
	}
	if want := map[string]string{"a": "config", "b": "env", "c": "flag"}; !reflect.DeepEqual(o.Labels, want) {
		t.Errorf("labels = %v, want %v", o.Labels, want)
	}
	for key, want := range map[string]string{"runtime": ".stagecraft.yaml:4", "port": "STAGECRAFT_PORT", "name": "--name", "entrypoint": ""} {
		if got := rs[0].From(key); got != want {
			t.Errorf("From(%s) = %q, want %q", key, got, want)
		}
	}
	// The plan's reasons name the config line, not a flag nobody passed.
	plan, err := generator.NewPlan(rs[0].Project, o, templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	reasons := strings.Join(rs[0].ExplainReasons(plan.Reasons), "; ")
	if !strings.Contains(reasons, "runtime slim from .stagecraft.yaml:4") {
		t.Errorf("reasons = %s", reasons)
	}
}

// Image replacements are the file's: they merge key by key, the flag over
// the environment over the file, and apply to every project.
func TestResolveImages(t *testing.T) {
	report := scanFS(t, cgoModule)
	file, err := Parse(".stagecraft.yaml", []byte("version: 1\nimages:\n  a:1: a:1-file\n  b:1: b:1-file\n  c:1: c:1-file\n"))
	if err != nil {
		t.Fatal(err)
	}
	env, err := EnvOptions(mapEnv(map[string]string{"STAGECRAFT_IMAGES": "b:1=b:1-env, c:1=c:1-env"}))
	if err != nil {
		t.Fatal(err)
	}
	flags := generator.Options{Images: map[string]string{"c:1": "c:1-flag"}}
	rs, err := Resolve(Request{Report: report, Flags: flags, Env: env, File: file})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"a:1": "a:1-file", "b:1": "b:1-env", "c:1": "c:1-flag"}; !reflect.DeepEqual(rs[0].Options.Images, want) {
		t.Errorf("images = %v, want %v", rs[0].Options.Images, want)
	}
	for key, want := range map[string]string{"a:1": ".stagecraft.yaml:3", "b:1": "STAGECRAFT_IMAGES", "c:1": "--image", "d:1": ""} {
		if got := rs[0].ImageFrom(key); got != want {
			t.Errorf("ImageFrom(%s) = %q, want %q", key, got, want)
		}
	}
	// An error about one replacement names where that one came from.
	if got := rs[0].Explain(&generator.InputError{Msg: "--image b:1=b:1-env: bad"}).Error(); got != "STAGECRAFT_IMAGES=b:1=b:1-env: bad" {
		t.Errorf("Explain = %q", got)
	}
	if got := rs[0].Explain(&generator.InputError{Msg: "--image c:1=c:1-flag: bad"}).Error(); got != "--image c:1=c:1-flag: bad" {
		t.Errorf("Explain = %q", got)
	}
	if _, err := EnvOptions(mapEnv(map[string]string{"STAGECRAFT_IMAGES": "golang:1.26"})); err == nil || !strings.Contains(err.Error(), "STAGECRAFT_IMAGES") {
		t.Errorf("bad STAGECRAFT_IMAGES: %v", err)
	}
	// Without flags or variables the file's line is where they came from.
	rs, err = Resolve(Request{Report: report, File: file})
	if err != nil {
		t.Fatal(err)
	}
	if got := rs[0].ImageFrom("b:1"); got != ".stagecraft.yaml:4" {
		t.Errorf(`ImageFrom("b:1") = %q, want the key's line`, got)
	}
}

func TestContradictionNamesConfigLine(t *testing.T) {
	report := scanFS(t, cgoModule)
	file, err := Parse("/repo/.stagecraft.yaml", []byte("version: 1\nprojects:\n  - path: .\n    port: 8080\n    runtime: scratch\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		req   Request
		want  string
		isCfg bool
	}{
		{"config", Request{Report: report, File: file}, "/repo/.stagecraft.yaml:5: runtime scratch: needs a static binary; this build uses cgo", true},
		{"env", Request{Report: report, File: file, Env: generator.Options{Runtime: "scratch"}}, "STAGECRAFT_RUNTIME=scratch: needs a static binary", false},
		{"flag", Request{Report: report, Flags: generator.Options{Runtime: "scratch"}}, "--runtime scratch: needs a static binary", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := Resolve(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			_, err = generator.NewPlan(rs[0].Project, rs[0].Options, templates.FS())
			if err == nil {
				t.Fatal("scratch with cgo was accepted")
			}
			err = rs[0].Explain(err)
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error =\n  %s\nwant prefix\n  %s", err, tc.want)
			}
			var ce *Error
			if errors.As(err, &ce) != tc.isCfg {
				t.Errorf("config.Error = %v, want %v", !tc.isCfg, tc.isCfg)
			}
		})
	}
	// A bad value the generator checks (the version format) is attributed too.
	bad, _ := Parse("c.yaml", []byte("version: 1\nprojects:\n  - path: .\n    language_version: \"1.x\"\n"))
	rs, _ := Resolve(Request{Report: report, File: bad})
	_, err = generator.NewPlan(rs[0].Project, rs[0].Options, templates.FS())
	if got := rs[0].Explain(err).Error(); !strings.HasPrefix(got, `c.yaml:4: language_version "1.x": want a version`) {
		t.Errorf("error = %s", got)
	}
}

// workspace is a go.work monorepo with two services.
var workspace = fstest.MapFS{
	"go.work":            {Data: []byte("go 1.23.4\n\nuse (\n\t./api\n\t./worker\n)\n")},
	"api/go.mod":         {Data: []byte("module example.com/api\n\ngo 1.23.4\n")},
	"api/main.go":        {Data: []byte("package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n")},
	"worker/go.mod":      {Data: []byte("module example.com/worker\n\ngo 1.23.4\n")},
	"worker/main.go":     {Data: []byte("package main\n\nfunc main() {}\n")},
	"worker/jobs/job.go": {Data: []byte("package jobs\n")},
}

func TestResolveSelection(t *testing.T) {
	report := scanFS(t, workspace)
	paths := func(rs []Resolved) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Project.Path)
		}
		return strings.Join(out, ",")
	}
	rs, err := Resolve(Request{Report: report})
	if err != nil || paths(rs) != "api,worker" {
		t.Fatalf("no config: %s, %v", paths(rs), err)
	}
	file, _ := Parse("c.yaml", []byte("version: 1\nprojects:\n  - path: worker\n    output: deploy/Dockerfile\n"))
	rs, err = Resolve(Request{Report: report, File: file})
	if err != nil || paths(rs) != "worker" {
		t.Fatalf("config lists worker: %s, %v", paths(rs), err)
	}
	if rs[0].Options.Output != "worker/deploy/Dockerfile" {
		t.Errorf("output = %q, want it relative to the root", rs[0].Options.Output)
	}
	rs, err = Resolve(Request{Report: report, File: file, Project: "api"})
	if err != nil || paths(rs) != "api" || rs[0].Options.Output != "" {
		t.Fatalf("--project api: %s, %+v, %v", paths(rs), rs, err)
	}
	_, err = Resolve(Request{Report: report, Flags: generator.Options{Port: 80}})
	if err == nil || !strings.Contains(err.Error(), "--port applies to one project; this run holds 2 projects (api, worker)") {
		t.Errorf("--port with two projects: %v", err)
	}
	_, err = Resolve(Request{Report: report, Env: generator.Options{Port: 80}})
	if err == nil || !strings.Contains(err.Error(), "STAGECRAFT_PORT applies to one project") {
		t.Errorf("STAGECRAFT_PORT with two projects: %v", err)
	}
	gone, _ := Parse("c.yaml", []byte("version: 1\nprojects:\n  - path: api\n  - path: billing\n"))
	_, err = Resolve(Request{Report: report, File: gone})
	if err == nil || err.Error() != "c.yaml:4: projects[1].path billing: no project detected there; projects: api, worker" {
		t.Errorf("unknown project path: %v", err)
	}
}

func TestEnvOptions(t *testing.T) {
	o, err := EnvOptions(mapEnv(map[string]string{
		"STAGECRAFT_RUNTIME": "scratch", "STAGECRAFT_LANGUAGE_VERSION": "1.22", "STAGECRAFT_SECRETS": "netrc, npmrc",
		"STAGECRAFT_PRIVATE": "example.com/*", "STAGECRAFT_INCLUDE": "", "STAGECRAFT_OUTPUT": "build/Dockerfile",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := generator.Options{Runtime: "scratch", Version: "1.22", Secrets: []string{"netrc", "npmrc"}, Private: []string{"example.com/*"}, Output: "build/Dockerfile"}
	if !reflect.DeepEqual(o, want) {
		t.Errorf("EnvOptions =\n%#v\nwant\n%#v", o, want)
	}
	if _, err := EnvOptions(mapEnv(map[string]string{"STAGECRAFT_PORT": "http"})); err == nil || !strings.Contains(err.Error(), "STAGECRAFT_PORT=http") {
		t.Errorf("bad port: %v", err)
	}
	if _, err := EnvOptions(mapEnv(map[string]string{"STAGECRAFT_LABELS": "novalue"})); err == nil {
		t.Error("bad label accepted")
	}
}

func mapEnv(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}
