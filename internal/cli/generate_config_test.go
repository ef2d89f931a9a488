package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/internal/testtree"
)

// runMain runs stagecraft with args and an environment, like a script would.
func runMain(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	s := Test(nil, &out, &errOut)
	s.Env = mapEnv(env)
	code := Main(args, s)
	return code, out.String(), errOut.String()
}

func TestGenerateReadsConfig(t *testing.T) {
	files := map[string]string{".stagecraft.yaml": "version: 1\nprojects:\n  - path: .\n    runtime: alpine\n    port: 9000\n    output: build/Dockerfile\n"}
	for k, v := range goService {
		files[k] = v
	}
	dir := testtree.Write(t, files)
	if err := os.Mkdir(filepath.Join(dir, "build"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runMain(t, nil, "generate", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	df := readTreeFile(t, dir, "build/Dockerfile")
	for _, want := range []string{"FROM alpine:3.22 AS runtime", "EXPOSE 9000"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if !strings.Contains(out, "wrote "+filepath.Join(dir, "build/Dockerfile")) {
		t.Errorf("output: %s", out)
	}
	if strings.Contains(out+errOut, "\x1b") {
		t.Errorf("ANSI escape in non-TTY output: %q", out+errOut)
	}

	// Precedence: a flag beats the variable, which beats the config.
	code, out, errOut = runMain(t, map[string]string{"STAGECRAFT_RUNTIME": "slim", "STAGECRAFT_PORT": "9100"}, "generate", "--port", "9200", "--stdout", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "FROM debian:bookworm-slim AS runtime") || !strings.Contains(out, "EXPOSE 9200") {
		t.Errorf("want runtime slim from STAGECRAFT_RUNTIME and port 9200 from --port:\n%s", out)
	}
}

func TestGenerateConfigFlag(t *testing.T) {
	dir := testtree.Write(t, goService)
	cfg := filepath.Join(t.TempDir(), "team.yaml")
	if err := os.WriteFile(cfg, []byte("version: 1\nprojects:\n  - path: .\n    runtime: scratch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runMain(t, nil, "generate", "--config", cfg, "--stdout", dir)
	if code != 0 || !strings.Contains(out, "FROM scratch AS runtime") {
		t.Errorf("--config: exit %d, %s%s", code, out, errOut)
	}
	code, _, errOut = runMain(t, nil, "generate", "--config", filepath.Join(dir, "missing.yaml"), dir)
	if code != ExitInput || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("missing --config: exit %d: %s", code, errOut)
	}
}

func TestGenerateBadConfig(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", "version: 1\nprojects:\n  - path: .\n    runtim: slim\n", `.stagecraft.yaml:4: projects[0]: unknown key "runtim" (did you mean runtime?)`},
		{"wrong type", "version: 1\nprojects:\n  - path: .\n    port: [80]\n", ".stagecraft.yaml:4: projects[0].port: want a whole number, got a list"},
		{"unknown runtime", "version: 1\nprojects:\n  - path: .\n    runtime: busybox\n", `.stagecraft.yaml:4: projects[0].runtime: unknown runtime "busybox"`},
		{"unknown stack", "version: 1\nprojects:\n  - path: .\n    stack: cobol\n", ".stagecraft.yaml:4: stack cobol: no such stack; the templates have go, java, node, python"},
		{"contradiction", "version: 1\nprojects:\n  - path: .\n    runtime: scratch\n", ".stagecraft.yaml:4: runtime scratch: needs a static binary; this build uses cgo"},
		{"unknown lint rule", "version: 1\nlint:\n  disable: [SC999]\n", `.stagecraft.yaml:3: lint.disable: unknown rule "SC999"`},
		{"include missing", "version: 1\nprojects:\n  - path: .\n    runtime: slim\n    include: [static]\n", ".stagecraft.yaml:5: include static: no such file or folder in the project"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := testtree.Write(t, map[string]string{
				".stagecraft.yaml": tc.yaml,
				"go.mod":           "module example.com/db\n\ngo 1.23.4\n",
				"main.go":          "package main\n\nimport \"C\"\n\nfunc main() {}\n",
			})
			code, _, errOut := runMain(t, nil, "generate", dir)
			if code != ExitInput {
				t.Errorf("exit %d, want 2", code)
			}
			if want := filepath.Join(dir, tc.want); !strings.Contains(errOut, want) {
				t.Errorf("stderr:\n  %s\nwant:\n  %s", errOut, want)
			}
			noFile(t, dir, "Dockerfile", ".dockerignore")
		})
	}
}

func TestGenerateJSONShape(t *testing.T) {
	dir := testtree.Write(t, goService)
	code, out, errOut := runMain(t, map[string]string{"NO_COLOR": "1"}, "generate", "--json", "--yes", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Files []struct {
			Path   string `json:"path"`
			Action string `json:"action"`
		} `json:"files"`
		Projects []struct {
			Path    string   `json:"path"`
			Stack   string   `json:"stack"`
			Runtime string   `json:"runtime"`
			Reasons []string `json:"reasons"`
		} `json:"projects"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not the documented shape: %v\n%s", err, out)
	}
	var actions []string
	for _, f := range doc.Files {
		actions = append(actions, f.Path+"="+f.Action)
	}
	if want := []string{"Dockerfile=written", ".dockerignore=written"}; !reflect.DeepEqual(actions, want) {
		t.Errorf("files = %v, want %v", actions, want)
	}
	if len(doc.Projects) != 1 || doc.Projects[0].Stack != "go" || doc.Projects[0].Runtime != "distroless" || len(doc.Projects[0].Reasons) == 0 {
		t.Errorf("projects = %+v", doc.Projects)
	}
	_, out, _ = runMain(t, nil, "generate", "--json", "--check", dir)
	if !strings.Contains(out, `"action": "unchanged"`) {
		t.Errorf("--check --json after writing: %s", out)
	}
}

// templates: in .stagecraft.yaml names the team templates, below
// --templates and STAGECRAFT_TEMPLATES; a relative folder is relative to
// the config file.
func TestGenerateConfigTemplates(t *testing.T) {
	files := map[string]string{".stagecraft.yaml": "version: 1\ntemplates: team\n"}
	for k, v := range goService {
		files[k] = v
	}
	dir := testtree.Write(t, files)
	if code, _, errOut := runMain(t, nil, "templates", "export", filepath.Join(dir, "team")); code != 0 {
		t.Fatalf("templates export: %s", errOut)
	}
	tmpl := filepath.Join(dir, "team", "go", "Dockerfile.tmpl")
	dt := readTreeFile(t, dir, "team/go/Dockerfile.tmpl")
	patched := strings.Replace(dt, "FROM {{ .Go.RuntimeImage }} AS runtime", `FROM {{ .Go.RuntimeImage | replace "gcr.io/" "registry.example.com/" }} AS runtime`, 1)
	if patched == dt {
		t.Fatal("the exported template has no runtime FROM line to patch")
	}
	if err := os.WriteFile(tmpl, []byte(patched), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runMain(t, nil, "generate", "--stdout", dir)
	if code != 0 || !strings.Contains(out, "FROM registry.example.com/distroless/static-debian12:nonroot AS runtime") {
		t.Errorf("templates: from the config not used: exit %d\n%s%s", code, out, errOut)
	}
	// The variable wins over the config.
	code, out, errOut = runMain(t, map[string]string{"STAGECRAFT_TEMPLATES": filepath.Join(dir, "nowhere")}, "generate", "--stdout", dir)
	if code != ExitInput || !strings.Contains(errOut, "STAGECRAFT_TEMPLATES") {
		t.Errorf("STAGECRAFT_TEMPLATES over the config: exit %d\n%s%s", code, out, errOut)
	}
}
