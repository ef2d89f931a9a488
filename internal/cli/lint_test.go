package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	cleanDockerfile = "FROM golang:1.23-bookworm AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n" +
		"RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/app .\n" +
		"FROM gcr.io/distroless/static-debian12:nonroot AS runtime\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n"
	cleanIgnore = ".git\n.env\n.env.*\n*.pem\n*.key\nid_rsa*\nid_ed25519*\n"
	// warns: SC104 (final stage copies the context) and SC112 (alpine without a tag).
	badDockerfile = "FROM golang:1.23-bookworm AS build\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\nFROM alpine AS runtime\nCOPY . .\nCOPY --from=build /app /app\nUSER 10001\nENTRYPOINT [\"/app\"]\n"
)

func writeLintFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runLint runs `stagecraft lint ARGS` through the command tree and returns
// the exit code, stdout and stderr.
func runLint(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(append([]string{"lint"}, args...), Test(strings.NewReader(""), &out, &errOut))
	return code, out.String(), errOut.String()
}

func TestLintExitCodes(t *testing.T) {
	dir := writeLintFiles(t, map[string]string{
		"clean/Dockerfile": cleanDockerfile, "clean/.dockerignore": cleanIgnore,
		"bad/Dockerfile": badDockerfile, "bad/.dockerignore": cleanIgnore,
		"broken/Dockerfile": "FROM alpine:3.20\nCOPY\n",
	})
	p := func(s string) string { return filepath.Join(dir, s) }

	code, out, errOut := runLint(t, p("clean/Dockerfile"))
	if code != 0 || out != "" || !strings.Contains(errOut, "no findings at warning or above in 1 file") {
		t.Errorf("clean: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	code, out, errOut = runLint(t, p("bad/Dockerfile"))
	wantLine := p("bad/Dockerfile") + ":5:1 SC104 warning: the final stage copies the whole build context (COPY . .)"
	if code != 1 || !strings.Contains(out, wantLine) || !strings.Contains(out, " SC112 warning: ") || !strings.Contains(errOut, "2 findings (2 warnings) in 1 file") {
		t.Errorf("findings: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}

	if code, out, _ := runLint(t, "--severity", "error", p("bad/Dockerfile")); code != 0 || out != "" {
		t.Errorf("--severity error on warnings: exit %d, %q", code, out)
	}
	if code, out, _ := runLint(t, "--disable", "SC104,SC112", p("bad/Dockerfile")); code != 0 || out != "" {
		t.Errorf("--disable: exit %d, %q", code, out)
	}
	if code, out, _ := runLint(t, "--severity", "info", p("clean/Dockerfile")); code != 1 || !strings.Contains(out, "SC113 info") {
		t.Errorf("--severity info: exit %d, %q", code, out)
	}

	code, out, errOut = runLint(t, p("broken/Dockerfile"), p("bad/Dockerfile"))
	if code != 2 || !strings.Contains(errOut, p("broken/Dockerfile")+":2:") || !strings.Contains(out, "SC104") {
		t.Errorf("a file that does not parse: exit %d (want 2, the other file still linted)\nstdout %s\nstderr %s", code, out, errOut)
	}

	for _, args := range [][]string{
		{"--format", "xml", p("bad/Dockerfile")},
		{"--severity", "fatal", p("bad/Dockerfile")},
		{"--disable", "SC999", p("bad/Dockerfile")},
		{"--nosuchflag", p("bad/Dockerfile")},
		{p("nothere/Dockerfile")},
		{"--context", p("nothere"), p("bad/Dockerfile")},
	} {
		if code, _, errOut := runLint(t, args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errOut)
		}
	}
}

func TestLintFormats(t *testing.T) {
	dir := writeLintFiles(t, map[string]string{"Dockerfile": badDockerfile, ".dockerignore": cleanIgnore})
	df := filepath.Join(dir, "Dockerfile")

	code, out, _ := runLint(t, "--format", "json", df)
	var fs []map[string]any
	if err := json.Unmarshal([]byte(out), &fs); err != nil || code != 1 || len(fs) != 2 {
		t.Fatalf("json: exit %d, %v, %s", code, err, out)
	}
	if fs[0]["rule"] != "SC112" || fs[0]["file"] != df || fs[0]["severity"] != "warning" || fs[0]["line"] != float64(4) {
		t.Errorf("json: %v", fs[0])
	}

	code, out, _ = runLint(t, "--format", "json", filepath.Join(writeLintFiles(t, map[string]string{"Dockerfile": cleanDockerfile, ".dockerignore": cleanIgnore}), "Dockerfile"))
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("json without findings: exit %d, %q", code, out)
	}

	code, out, errOut := runLint(t, "--format", "sarif", df)
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil || code != 1 || log["version"] != "2.1.0" {
		t.Errorf("sarif: exit %d, %v, version %v", code, err, log["version"])
	}
	if errOut != "" {
		t.Errorf("machine formats keep stderr quiet, got %q", errOut)
	}
}

func TestLintFolders(t *testing.T) {
	dir := writeLintFiles(t, map[string]string{
		"Dockerfile": cleanDockerfile, "Dockerfile.dev": cleanDockerfile, "api.Dockerfile": cleanDockerfile,
		"Containerfile": cleanDockerfile, "Dockerfile.dockerignore": cleanIgnore, ".dockerignore": cleanIgnore,
		"README.md": "# not a Dockerfile\n", "sub/Dockerfile": "not even parsed\n",
	})
	code, _, errOut := runLint(t, dir)
	if code != 0 || !strings.Contains(errOut, "in 4 files") {
		t.Errorf("folder: exit %d, stderr %q; want 4 files linted", code, errOut)
	}
	if code, _, errOut := runLint(t, filepath.Join(dir, "sub", "..", "sub", "..", "sub", "nothing")); code != 2 {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
	empty := t.TempDir()
	if code, _, errOut := runLint(t, empty); code != 2 || !strings.Contains(errOut, "no Dockerfile") {
		t.Errorf("folder without Dockerfiles: exit %d, %q", code, errOut)
	}

	// No PATH: ./Dockerfile.
	t.Chdir(dir)
	if code, _, errOut := runLint(t); code != 0 || !strings.Contains(errOut, "in 1 file") {
		t.Errorf("default ./Dockerfile: exit %d, %q", code, errOut)
	}
	t.Chdir(empty)
	if code, _, errOut := runLint(t); code != 2 || !strings.Contains(errOut, "no Dockerfile in this folder") {
		t.Errorf("no ./Dockerfile: exit %d, %q", code, errOut)
	}
}

// The .dockerignore of another build context is used with --context.
func TestLintContext(t *testing.T) {
	dir := writeLintFiles(t, map[string]string{
		"docker/Dockerfile": badDockerfile,
		".dockerignore":     "node_modules\n",
	})
	df := filepath.Join(dir, "docker", "Dockerfile")
	if code, out, _ := runLint(t, df); code != 1 || !strings.Contains(out, "SC118") {
		t.Errorf("no .dockerignore beside docker/Dockerfile: want SC118, got %d %s", code, out)
	}
	code, out, _ := runLint(t, "--context", dir, df)
	if code != 1 || strings.Contains(out, "SC118") || !strings.Contains(out, filepath.Join(dir, ".dockerignore")+":1:1 SC119") {
		t.Errorf("--context: got %d %s", code, out)
	}
}

// lint.disable from .stagecraft.yaml arrives as ConfigDisable and adds to
// --disable; a bad id there is reported as the config's.
func TestLintConfigDisable(t *testing.T) {
	dir := writeLintFiles(t, map[string]string{"Dockerfile": badDockerfile, ".dockerignore": cleanIgnore})
	var out, errOut bytes.Buffer
	opts := &LintOptions{IO: Test(strings.NewReader(""), &out, &errOut), Paths: []string{filepath.Join(dir, "Dockerfile")},
		Format: "text", Severity: "warning", Disable: []string{"SC112"}, ConfigDisable: []string{"SC104"}}
	if err := lintRun(opts); err != nil {
		t.Errorf("SC104 (config) and SC112 (flag) disabled: want no findings, got %v\n%s", err, out.String())
	}
	opts.ConfigDisable = []string{"SC1O4"}
	err := lintRun(opts)
	if ExitCode(err) != ExitInput || !strings.Contains(err.Error(), ".stagecraft.yaml: lint.disable") {
		t.Errorf("a typo in lint.disable: got %v", err)
	}
}
