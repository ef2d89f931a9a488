package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/internal/testtree"
)

// run runs stagecraft with args and env (nil: empty), returning the exit
// code, stdout and stderr.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	io := Test(strings.NewReader(""), &out, &errOut)
	io.Env = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code := Main(args, io)
	return code, out.String(), errOut.String()
}

// squash collapses runs of spaces, so tests do not depend on column widths.
func squash(s string) string {
	return regexp.MustCompile(` +`).ReplaceAllString(s, " ")
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	dt, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(dt)
}

// editFile replaces old (which must occur) in the file at p.
func editFile(t *testing.T, p, old, new string) {
	t.Helper()
	s := readFile(t, p)
	if !strings.Contains(s, old) {
		t.Fatalf("%s has no %q", p, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(s, old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func lineWith(t *testing.T, p, s string) int {
	t.Helper()
	for i, l := range strings.Split(readFile(t, p), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line with %q", p, s)
	return 0
}

// goProject writes a small Go service and returns its folder.
func goProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	testtree.WriteIn(t, dir, map[string]string{
		"go.mod": "module example.com/hello\n\ngo 1.26.8\n",
		"main.go": `package main

import "net/http"

func main() { http.ListenAndServe(":8080", nil) }
`,
	})
	return dir
}

// export writes the embedded templates to a new folder.
func export(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "company-templates")
	if code, _, errOut := run(t, nil, "templates", "export", dir); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	return dir
}

func TestExportThenValidatePasses(t *testing.T) {
	dir := export(t)
	for _, f := range []string{"README.md", "go/Dockerfile.tmpl", "go/dockerignore.tmpl", "go/template.yaml", "partials/header.tmpl", "partials/labels.tmpl", "partials/ignore.tmpl"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("export did not write %s", f)
		}
	}
	readme := readFile(t, filepath.Join(dir, "README.md"))
	for _, want := range []string{"## How overriding works", "base: go", "### go", "`.Go.Binary`", "`.User`", "stagecraft templates validate"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}

	code, out, errOut := run(t, nil, "templates", "validate", dir)
	if code != 0 || out != "" || !regexp.MustCompile(`valid: \d+ stacks? \(.*\bgo\b.*\)`).MatchString(errOut) {
		t.Fatalf("validate: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}

	// A second export refuses to replace the files, and names them.
	code, _, errOut = run(t, nil, "templates", "export", dir)
	if code != 2 || !strings.Contains(errOut, "go/Dockerfile.tmpl") || !strings.Contains(errOut, "--force") {
		t.Errorf("second export: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, nil, "templates", "export", "--force", dir); code != 0 {
		t.Errorf("export --force: exit %d: %s", code, errOut)
	}
}

func TestValidateReportsTemplateFileAndLine(t *testing.T) {
	dir := export(t)
	df := filepath.Join(dir, "go", "Dockerfile.tmpl")
	editFile(t, df, "USER {{ .User }}", "USER root")
	editFile(t, df, "AS runtime", "as runtime")
	code, out, errOut := run(t, nil, "templates", "validate", dir)
	if code != 1 {
		t.Fatalf("validate: exit %d, want 1\n%s%s", code, out, errOut)
	}
	name := filepath.ToSlash(df)
	for _, want := range []string{
		fmt.Sprintf("%s:%d: stagecraft/non-root: USER root", name, lineWith(t, df, "USER root")),
		fmt.Sprintf("%s:%d: buildkit/FromAsCasing", name, lineWith(t, df, "as runtime")),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("validate output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "2 problems") {
		t.Errorf("summary: %s", errOut)
	}

	// --json for machines.
	code, out, _ = run(t, nil, "templates", "validate", "--json", dir)
	var rep struct {
		Problems []struct {
			File string
			Line int
			Rule string
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || len(rep.Problems) != 2 {
		t.Errorf("validate --json: exit %d, %v, %+v", code, err, rep)
	}
}

func TestValidateUnreadableSourceIsAnInputError(t *testing.T) {
	code, _, errOut := run(t, nil, "templates", "validate", filepath.Join(t.TempDir(), "nope"))
	if code != 2 || !strings.Contains(errOut, "no such folder") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// teamDir is a team template folder that overrides one file and one
// partial, and adds a stack.
func teamDir(t *testing.T) string {
	t.Helper()
	exported := export(t)
	dir := t.TempDir()
	goDF := readFile(t, filepath.Join(exported, "go", "Dockerfile.tmpl"))
	testtree.WriteIn(t, dir, map[string]string{
		"go/Dockerfile.tmpl": strings.Replace(goDF, "FROM {{ .Go.RuntimeImage }} AS runtime", "FROM registry.acme.example/distroless/static:nonroot AS runtime", 1),
		"partials/labels.tmpl": `{{- define "labels" }}
LABEL
{{- range .Labels }} {{ .Key }}={{ dockerQuote .Value }}{{ end }} com.acme.owner="platform"
{{- end -}}
`,
		"acme-go/template.yaml":     "name: acme-go\nbase: go\ndescription: Go with ACME's health checker\nruntimes: [distroless]\ndefault_runtime: distroless\n",
		"acme-go/Dockerfile.tmpl":   strings.Replace(goDF, "WORKDIR /app", "WORKDIR /srv", 1),
		"acme-go/dockerignore.tmpl": readFile(t, filepath.Join(exported, "go", "dockerignore.tmpl")),
		"README.md":                 "# ACME templates\n",
	})
	return dir
}

func TestListShowsWhereEachFileComesFrom(t *testing.T) {
	dir := teamDir(t)
	code, out, errOut := run(t, nil, "templates", "list", "--templates", dir)
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	out = squash(out)
	for _, want := range []string{
		"templates: team files from " + dir,
		"\ngo/Dockerfile.tmpl team (replaces embedded)\n",
		"\ngo/dockerignore.tmpl embedded\n",
		"\npartials/labels.tmpl team (replaces embedded)\n",
		"\npartials/header.tmpl embedded\n",
		"\nacme-go/template.yaml team (stack acme-go, built on go)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "README") {
		t.Errorf("list shows the team's README:\n%s", out)
	}

	// Without a source, everything is embedded.
	_, out, _ = run(t, nil, "templates", "list")
	if strings.Contains(out, "team") || !strings.Contains(squash(out), "\ngo/Dockerfile.tmpl embedded\n") {
		t.Errorf("list without a source:\n%s", out)
	}
}

func TestShowPrintsTheEffectiveFiles(t *testing.T) {
	dir := teamDir(t)
	code, out, errOut := run(t, map[string]string{TemplatesEnv: dir}, "templates", "show", "go")
	if code != 0 {
		t.Fatalf("show: exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"==> " + filepath.ToSlash(filepath.Join(dir, "go/Dockerfile.tmpl")) + " (team (replaces embedded)) <==",
		"FROM registry.acme.example/distroless/static:nonroot AS runtime",
		"==> go/dockerignore.tmpl (embedded) <==",
		"==> go/template.yaml (embedded) <==",
		`com.acme.owner="platform"`,
		"==> partials/header.tmpl (embedded) <==",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q", want)
		}
	}
	_, out, _ = run(t, map[string]string{TemplatesEnv: dir}, "templates", "show", "acme-go")
	if !strings.Contains(out, "built on go: select it with --stack acme-go") || !strings.Contains(out, "WORKDIR /srv") {
		t.Errorf("show acme-go:\n%s", out)
	}
	code, _, errOut = run(t, nil, "templates", "show", "cobol")
	if code != 2 || !strings.Contains(errOut, `no stack "cobol"`) || !strings.Contains(errOut, "go") {
		t.Errorf("show cobol: exit %d: %s", code, errOut)
	}
}

func TestGenerateWithTeamTemplates(t *testing.T) {
	dir := teamDir(t)
	proj := goProject(t)
	code, out, errOut := run(t, nil, "generate", proj, "--templates", dir, "--stdout")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"FROM registry.acme.example/distroless/static:nonroot AS runtime", `com.acme.owner="platform"`, "**/.netrc"} {
		if !strings.Contains(out, want) {
			t.Errorf("generate --templates output lacks %q:\n%s", want, out)
		}
	}

	// The team stack, by name.
	code, out, errOut = run(t, nil, "--templates", dir, "generate", proj, "--stack", "acme-go", "--stdout")
	if code != 0 || !strings.Contains(out, "WORKDIR /srv") {
		t.Fatalf("generate --stack acme-go: exit %d: %s\n%s", code, errOut, out)
	}
	code, _, errOut = run(t, nil, "generate", proj, "--templates", dir, "--stack", "acme-go", "--runtime", "scratch", "--stdout")
	if code != 2 || !strings.Contains(errOut, "--runtime scratch") {
		t.Errorf("acme-go on scratch: exit %d: %s", code, errOut)
	}
}

func TestGenerateNeverWritesAnInvalidTeamTemplate(t *testing.T) {
	dir := export(t)
	df := filepath.Join(dir, "go", "Dockerfile.tmpl")
	editFile(t, df, "USER {{ .User }}", "USER root")
	proj := goProject(t)
	code, _, errOut := run(t, nil, "generate", proj, "--templates", dir)
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, errOut)
	}
	want := fmt.Sprintf("%s:%d: stagecraft/non-root", filepath.ToSlash(df), lineWith(t, df, "USER root"))
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
	if _, err := os.Stat(filepath.Join(proj, "Dockerfile")); err == nil {
		t.Error("the invalid Dockerfile was written")
	}

	editFile(t, df, "USER root", `USER {{ env "USER" }}`)
	code, _, errOut = run(t, nil, "generate", proj, "--templates", dir)
	want = fmt.Sprintf("%s:%d: function \"env\" is not available", filepath.ToSlash(df), lineWith(t, df, `env "USER"`))
	if code != 2 || !strings.Contains(errOut, want) {
		t.Errorf("env in a template: exit %d, stderr lacks %q:\n%s", code, want, errOut)
	}
}

func TestTemplateSourcePrecedence(t *testing.T) {
	env := map[string]string{}
	io := Test(nil, nil, nil)
	io.Env = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	ts := TemplateSource{Config: "team-templates", ConfigDir: "/repo"}
	if spec, from := ts.Spec(io); spec != filepath.Join("/repo", "team-templates") || !strings.Contains(from, "config") {
		t.Errorf("config: %s from %s; a relative folder is relative to the config file", spec, from)
	}
	ts.Config = "https://git.example.com/t.git#v1"
	if spec, _ := ts.Spec(io); spec != ts.Config {
		t.Errorf("config URL: %s", spec)
	}
	env[TemplatesEnv] = "/from/env"
	if spec, from := ts.Spec(io); spec != "/from/env" || from != TemplatesEnv {
		t.Errorf("env over config: %s from %s", spec, from)
	}
	ts.Flag = "/from/flag"
	if spec, from := ts.Spec(io); spec != "/from/flag" || from != "--templates" {
		t.Errorf("flag over env: %s from %s", spec, from)
	}
	if spec, _ := (TemplateSource{}).Spec(Test(nil, nil, nil)); spec != "" {
		t.Errorf("nothing set: %s, want the embedded set", spec)
	}
}

func TestGitTemplateSourceFromTheCommandLine(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "gitconfig"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	team := teamDir(t)
	root := t.TempDir()
	bare := filepath.Join(root, "templates.git")
	git := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(root, "init", "-q", "--bare", "-b", "main", bare)
	git(team, "init", "-q", "-b", "main")
	git(team, "add", ".")
	git(team, "commit", "-q", "-m", "templates")
	git(team, "tag", "v1")
	git(team, "push", "-q", bare, "main", "v1")
	url := "file://" + filepath.ToSlash(bare)
	proj := goProject(t)

	// Offline before any fetch: nothing in the cache.
	code, _, errOut := run(t, nil, "generate", proj, "--stdout", "--offline", "--templates", url+"#v1")
	if code != 2 || !strings.Contains(errOut, "--offline") {
		t.Fatalf("offline, empty cache: exit %d: %s", code, errOut)
	}
	code, out, errOut := run(t, nil, "generate", proj, "--stdout", "--templates", url+"#v1")
	if code != 0 || !strings.Contains(out, "registry.acme.example") || errOut != "" {
		t.Fatalf("generate from a git tag: exit %d\n%s\n%s", code, errOut, out)
	}
	// Now cached: offline works, and list says so.
	code, out, errOut = run(t, nil, "templates", "list", "--offline", "--templates", url+"#v1")
	if code != 0 || !strings.Contains(out, "(tag, commit ") || !strings.Contains(out, "from the cache") {
		t.Fatalf("list offline: exit %d\n%s\n%s", code, errOut, out)
	}
	// A branch works, with a warning.
	code, _, errOut = run(t, nil, "generate", proj, "--stdout", "--templates", url+"#main")
	if code != 0 || !strings.Contains(errOut, "warning: templates from "+url+" follow branch main") {
		t.Fatalf("branch: exit %d: %s", code, errOut)
	}
}
