package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/lint"
)

const (
	cleanDockerfile = "FROM golang:1.23-bookworm AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n" +
		"RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/app .\n" +
		"FROM gcr.io/distroless/static-debian12:nonroot AS runtime\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n"
	cleanIgnore = ".git\n.env\n.env.*\n*.pem\n*.key\nid_rsa*\nid_ed25519*\n"
	// warns: SC104 (final stage copies the context) and SC112 (alpine without a tag).
	badDockerfile = "FROM golang:1.23-bookworm AS build\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\nFROM alpine AS runtime\nCOPY . .\nCOPY --from=build /app /app\nUSER 10001\nENTRYPOINT [\"/app\"]\n"
)

// writeLintFiles writes files into a new folder that is the root of a
// repository (it has a .git), so no .stagecraft.yaml above it applies.
func writeLintFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
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

// A path that cannot be linted does not hide the findings of the others,
// in any format; each bad path is named on stderr and the exit code is 2.
func TestLintKeepsGoing(t *testing.T) {
	dir := writeLintFiles(t, map[string]string{
		"bad/Dockerfile": badDockerfile, "bad/.dockerignore": cleanIgnore,
		"odd/readme-only-folder/README.md": "# no Dockerfile here\n",
	})
	t.Chdir(dir)
	for _, tc := range []struct {
		bad       []string
		notLinted string
	}{{[]string{"nope"}, "1 path"}, {[]string{"odd/readme-only-folder"}, "1 path"}, {[]string{"nope", "odd/readme-only-folder"}, "2 paths"}} {
		bad, notLinted := tc.bad, tc.notLinted
		args := append(slices.Clone(bad), "bad/Dockerfile")
		code, out, errOut := runLint(t, args...)
		if code != 2 || !strings.Contains(out, "bad/Dockerfile:5:1 SC104 warning") || !strings.Contains(out, "bad/Dockerfile:4:6 SC112 warning") {
			t.Errorf("lint %v: exit %d (want 2), stdout:\n%s", args, code, out)
		}
		for _, p := range bad {
			if !strings.Contains(errOut, "stagecraft: "+p+": ") {
				t.Errorf("lint %v: stderr does not name %s:\n%s", args, p, errOut)
			}
		}
		if want := "2 findings (2 warnings) in 1 file; " + notLinted + " not linted (see above)"; !strings.Contains(errOut, want) {
			t.Errorf("lint %v: summary: want %q in\n%s", args, want, errOut)
		}

		code, out, errOut = runLint(t, append([]string{"--format", "json"}, args...)...)
		var fs []map[string]any
		if err := json.Unmarshal([]byte(out), &fs); err != nil || code != 2 || len(fs) != 2 || fs[0]["file"] != "bad/Dockerfile" {
			t.Errorf("lint --format json %v: exit %d, %v, stdout %s", args, code, err, out)
		}
		if !strings.Contains(errOut, "stagecraft: "+bad[0]+": ") {
			t.Errorf("lint --format json %v: stderr %q", args, errOut)
		}

		code, out, _ = runLint(t, append([]string{"--format", "sarif"}, args...)...)
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID string `json:"ruleId"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil || code != 2 || len(log.Runs) != 1 || len(log.Runs[0].Results) != 2 {
			t.Errorf("lint --format sarif %v: exit %d, %v, %d runs", args, code, err, len(log.Runs))
		}
	}

	if code, out, errOut := runLint(t, "nope", "odd/readme-only-folder"); code != 2 || out != "" || !strings.HasSuffix(errOut, "\nnothing linted: 2 paths could not be linted (see above)\n") {
		t.Errorf("nothing to lint: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// Nothing linted at all: still a JSON document on stdout.
	code, out, errOut := runLint(t, "--format", "json", "nope")
	if code != 2 || strings.TrimSpace(out) != "[]" || !strings.Contains(errOut, "stagecraft: nope: ") {
		t.Errorf("json, nothing to lint: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestLintSummary(t *testing.T) {
	f := func(sev lint.Severity, n int) []lint.Finding {
		return slices.Repeat([]lint.Finding{{Severity: sev}}, n)
	}
	for _, c := range []struct {
		fs    []lint.Finding
		files int
		want  string
	}{
		{nil, 1, "no findings at warning or above in 1 file"},
		{nil, 3, "no findings at warning or above in 3 files"},
		{f(lint.Info, 1), 1, "1 finding (1 info) in 1 file"},
		{f(lint.Info, 31), 2, "31 findings (31 info) in 2 files"},
		{f(lint.Warning, 1), 1, "1 finding (1 warning) in 1 file"},
		{f(lint.Error, 1), 1, "1 finding (1 error) in 1 file"},
		{slices.Concat(f(lint.Error, 2), f(lint.Warning, 3), f(lint.Info, 31)), 4, "36 findings (2 errors, 3 warnings, 31 info) in 4 files"},
		{slices.Concat(f(lint.Error, 1), f(lint.Warning, 1), f(lint.Info, 1)), 1, "3 findings (1 error, 1 warning, 1 info) in 1 file"},
	} {
		if got := summary(c.fs, c.files, lint.Warning); got != c.want {
			t.Errorf("summary: got %q, want %q", got, c.want)
		}
	}
}

// The SARIF log names the version `stagecraft version` prints.
func TestLintSARIFVersion(t *testing.T) {
	old := Version
	Version = "v9.8.7"
	t.Cleanup(func() { Version = old })
	dir := writeLintFiles(t, map[string]string{"Dockerfile": cleanDockerfile, ".dockerignore": cleanIgnore})
	code, out, _ := runLint(t, "--format", "sarif", filepath.Join(dir, "Dockerfile"))
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version        string `json:"version"`
					InformationURI string `json:"informationUri"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || code != 0 || len(log.Runs) != 1 {
		t.Fatalf("sarif: exit %d, %v", code, err)
	}
	var vout, verr bytes.Buffer
	Main([]string{"version"}, Test(strings.NewReader(""), &vout, &verr))
	if d := log.Runs[0].Tool.Driver; d.Version != "v9.8.7" || !strings.Contains(vout.String(), " "+d.Version+" ") || d.InformationURI != lint.DocsURL {
		t.Errorf("driver version %q, informationUri %q; stagecraft version says %q", d.Version, d.InformationURI, vout.String())
	}
}

// lint.disable comes from the .stagecraft.yaml nearest to each Dockerfile,
// up to its repository's root; --config names one for every file.
func TestLintConfigDiscovery(t *testing.T) {
	dir := writeLintFiles(t, map[string]string{
		// SC104 and SC112 fire on badDockerfile.
		"cf/bad.Dockerfile": badDockerfile, "cf/.dockerignore": cleanIgnore,
		"cf/.stagecraft.yaml":   "version: 1\nlint:\n  disable: [SC104]\n",
		"cf/deep/er/Dockerfile": badDockerfile, "cf/deep/er/.dockerignore": cleanIgnore,
		// A repository inside: the config above its root does not apply.
		"cf/repo/.git/HEAD": "ref: refs/heads/main\n", "cf/repo/Dockerfile": badDockerfile, "cf/repo/.dockerignore": cleanIgnore,
		"plain/Dockerfile": badDockerfile, "plain/.dockerignore": cleanIgnore,
		"typo/Dockerfile": badDockerfile, "typo/.dockerignore": cleanIgnore,
		"typo/.stagecraft.yaml": "version: 1\nlint:\n  disable: [SC1O4]\n",
		"all.yaml":              "version: 1\nlint:\n  disable: [SC112]\n",
		".stagecraft.yaml":      "version: 1\nlint:\n  disable: [SC112]\n",
	})
	t.Chdir(dir)
	rules := func(out string) []string {
		var rs []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if f := strings.Fields(l); len(f) > 1 {
				rs = append(rs, strings.SplitN(f[0], ":", 2)[0]+" "+f[1])
			}
		}
		return rs
	}
	code, out, errOut := runLint(t, "cf/bad.Dockerfile", "cf/deep/er/Dockerfile", "cf/repo/Dockerfile", "plain/Dockerfile")
	want := []string{
		"cf/bad.Dockerfile SC112",                              // cf/.stagecraft.yaml: SC104 off
		"cf/deep/er/Dockerfile SC112",                          // the nearest, two folders up
		"cf/repo/Dockerfile SC112", "cf/repo/Dockerfile SC104", // its own repository: no config
		"plain/Dockerfile SC104", // ./.stagecraft.yaml: SC112 off
	}
	slices.Sort(want)
	got := rules(out)
	slices.Sort(got)
	if code != 1 || !slices.Equal(got, want) {
		t.Errorf("exit %d, got %v, want %v\nstderr %s", code, got, want, errOut)
	}

	// From inside cf/, the same file gets the same configuration.
	t.Chdir(filepath.Join(dir, "cf"))
	if code, out, _ := runLint(t, "bad.Dockerfile"); code != 1 || !slices.Equal(rules(out), []string{"bad.Dockerfile SC112"}) {
		t.Errorf("from cf/: exit %d, %v", code, rules(out))
	}
	t.Chdir(dir)

	// --config wins over every .stagecraft.yaml.
	code, out, _ = runLint(t, "--config", "all.yaml", "cf/bad.Dockerfile", "typo/Dockerfile")
	if got := rules(out); code != 1 || !slices.Equal(got, []string{"cf/bad.Dockerfile SC104", "typo/Dockerfile SC104"}) {
		t.Errorf("--config: exit %d, %v", code, got)
	}
	// --config and --disable add up.
	if code, out, _ := runLint(t, "--config", "all.yaml", "--disable", "SC104", "cf/bad.Dockerfile"); code != 0 || out != "" {
		t.Errorf("--config with --disable: exit %d, %q", code, out)
	}
	if code, _, errOut := runLint(t, "--config", "nothere.yaml", "cf/bad.Dockerfile"); code != 2 || !strings.Contains(errOut, "--config nothere.yaml") {
		t.Errorf("--config of a missing file: exit %d, %q", code, errOut)
	}

	// A typo in one folder's config: that file is not linted (exit 2,
	// named with the config's line); the others are.
	code, out, errOut = runLint(t, "typo/Dockerfile", "plain/Dockerfile")
	if code != 2 || !slices.Equal(rules(out), []string{"plain/Dockerfile SC104"}) ||
		!strings.Contains(errOut, "stagecraft: typo/Dockerfile: not linted: typo/.stagecraft.yaml:3: lint.disable: unknown rule \"SC1O4\"") {
		t.Errorf("typo in a config: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}

// Lower-case dockerfile is linted by default when there is no Dockerfile,
// and found in folders, as the help says.
func TestLintLowercaseDockerfile(t *testing.T) {
	dir := writeLintFiles(t, map[string]string{"dockerfile": badDockerfile, ".dockerignore": cleanIgnore, "containerfile.ci": cleanDockerfile})
	t.Chdir(dir)
	if code, out, _ := runLint(t); code != 1 || !strings.Contains(out, "dockerfile:5:1 SC104") {
		t.Errorf("default ./dockerfile: exit %d, %q", code, out)
	}
	if code, out, errOut := runLint(t, "."); code != 1 || !strings.Contains(out, "dockerfile:5:1 SC104") || !strings.Contains(errOut, "in 2 files") {
		t.Errorf("folder with dockerfile and containerfile.ci: exit %d, %q, %q", code, out, errOut)
	}
	var help, errOut bytes.Buffer
	Main([]string{"lint", "--help"}, Test(strings.NewReader(""), &help, &errOut))
	for _, name := range []string{"Dockerfile,", "Dockerfile.*", "*.Dockerfile", "Containerfile and Containerfile.*", "dockerfile"} {
		if !strings.Contains(strings.Join(strings.Fields(help.String()), " "), name) {
			t.Errorf("lint --help does not mention %s", name)
		}
	}
}
