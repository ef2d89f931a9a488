//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stagecraft/stagecraft/internal/cli"
)

var (
	runID    = newRunID()
	reportMu sync.Mutex
	rows     []Row
)

func newRunID() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func TestMain(m *testing.M) {
	os.RemoveAll(filepath.Join(reportDir(), "logs"))
	code := m.Run()
	if len(rows) > 0 {
		table := FormatReport(rows)
		fmt.Printf("\nstagecraft e2e report (run %s)\n\n%s", runID, table)
		if err := writeReport(table); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: writing the report: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

func writeReport(table string) error {
	dir := reportDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	eng := "-"
	if theEngine != nil {
		eng = theEngine.version
	}
	md := fmt.Sprintf("# stagecraft e2e report\n\nrun %s, %s, Docker engine %s\n\n%s", runID, time.Now().UTC().Format(time.RFC3339), eng, table)
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(md), 0o644); err != nil {
		return err
	}
	js, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	abs, _ := filepath.Abs(dir)
	fmt.Printf("\nreport written to %s\n", filepath.Join(abs, "report.md"))
	return nil
}

func addRow(r Row) {
	reportMu.Lock()
	defer reportMu.Unlock()
	rows = append(rows, r)
}

// pruneCache says whether cold builds start from an empty build cache
// (the default); STAGECRAFT_E2E_PRUNE=0 keeps the cache, and the cold
// figures are then not cold.
func pruneCache() bool { return os.Getenv("STAGECRAFT_E2E_PRUNE") != "0" }

// TestE2E is the whole suite, one test so that a missing engine skips it
// with one line: first the controls that prove the checks can fail, then
// every example of examples/ (TestE2E/<example>/<variant>).
func TestE2E(t *testing.T) {
	eng := needEngine(t)
	t.Logf("docker client %s, engine %s, run %s", eng.bin, eng.version, runID)
	t.Run("lint-gate-control", func(t *testing.T) { testLintGateControl(t, eng) })
	t.Run("secret-leak-control", func(t *testing.T) { testSecretLeakControl(t, eng) })
	t.Run("image-mirror", func(t *testing.T) { testImageMirror(t, eng) })

	examples, err := Discover(filepath.Join("..", "examples"))
	if err != nil {
		t.Error(err)
	}
	if len(examples) == 0 {
		t.Fatal("no examples found in ../examples")
	}
	for _, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			if ex.Spec.Skip != "" {
				addRow(Row{Example: ex.Name, Variant: "-", Result: "skip: " + ex.Spec.Skip})
				t.Skipf("%s: %s", SpecFile, ex.Spec.Skip)
			}
			for _, v := range ex.Spec.AllVariants() {
				t.Run(v.Name, func(t *testing.T) { testVariant(t, eng, ex, v) })
			}
			if ex.Spec.Secret != nil {
				t.Run("secret", func(t *testing.T) { testSecret(t, eng, ex) })
			}
		})
	}
}

// generated is what `stagecraft generate --json` reported.
type generated struct {
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

// prepare copies the example into a new folder (without its spec and
// checked-in Dockerfile) and runs `stagecraft generate` there, as a user
// would. It returns the folder and the runtime chosen.
func prepare(t *testing.T, ex Example, args ...string) (string, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), ex.Name)
	if err := CopyTree(ex.Dir, dir, SpecFile, "Dockerfile", ".dockerignore"); err != nil {
		t.Fatal(err)
	}
	argv := append([]string{"generate", "--json"}, args...)
	argv = append(argv, dir)
	var out, errOut bytes.Buffer
	if code := cli.Main(argv, cli.Test(nil, &out, &errOut)); code != 0 {
		t.Fatalf("stagecraft %s: exit %d\n%s", strings.Join(argv, " "), code, errOut.String())
	}
	var g generated
	if err := json.Unmarshal(out.Bytes(), &g); err != nil {
		t.Fatalf("stagecraft generate --json: %v\n%s", err, out.String())
	}
	if len(g.Projects) != 1 || g.Projects[0].Path != "." {
		t.Fatalf("stagecraft generate: want one project at the example's root, got %+v", g.Projects)
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err != nil {
		t.Fatalf("stagecraft generate wrote no Dockerfile at the root: %v", err)
	}
	return dir, g.Projects[0].Runtime
}

func testVariant(t *testing.T, eng *engine, ex Example, v Variant) {
	spec := ex.Spec
	args := append(slices.Clone(spec.Args), v.Args...)
	row := Row{Example: ex.Name, Variant: v.Name, BudgetMB: v.MaxSizeMB, DepsCached: "-"}
	defer func() {
		row.Result = "pass"
		if t.Failed() {
			row.Result = "FAIL"
		}
		addRow(row)
	}()
	name := ex.Name + "-" + v.Name
	tag := fmt.Sprintf("stagecraft-e2e/%s:%s", TagPart(name), runID)
	eng.removeImage(t, tag, tag+"-nosyntax")

	// 1. Generate into a copy: the default output, with the syntax line.
	dir, runtime := prepare(t, ex, args...)
	row.Runtime = runtime
	df, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if !bytes.HasPrefix(df, []byte("# syntax=")) {
		t.Fatalf("the default Dockerfile does not start with a '# syntax=' line:\n%s", df)
	}

	// 2. Cold build, lint warnings as errors.
	if pruneCache() {
		eng.run(t, "builder", "prune", "-af")
	}
	cold := eng.build(t, name+"-cold", dir, tag)
	row.ColdS = cold.seconds
	t.Logf("cold build %.1fs (log %s)", cold.seconds, cold.logFile)
	if !strings.Contains(cold.log, "docker/dockerfile") {
		t.Errorf("the cold build's log never mentions the docker/dockerfile frontend its syntax line names (log %s)", cold.logFile)
	}
	deps := DepsSteps(cold.log, spec.DepsStep)
	if len(deps) == 0 {
		t.Fatalf("no build step contains deps_step %q; steps:\n%s", spec.DepsStep, stepNames(cold.log))
	}
	if pruneCache() {
		for _, s := range deps {
			if s.Cached {
				t.Errorf("cold build: the dependency step %q was CACHED right after a prune", s.Name)
			}
		}
	}

	// 4. Inspect: user, size, layers, no toolchain.
	info := eng.inspect(t, tag)
	row.SizeMB = float64(info.Size) / 1e6
	row.Layers = len(info.RootFS.Layers)
	if row.SizeMB > v.MaxSizeMB {
		t.Errorf("image size %.1f MB is over the budget of %.0f MB", row.SizeMB, v.MaxSizeMB)
	}
	files := eng.listing(t, tag)
	uid, err := CheckUser(info.Config.User, files.Files["etc/passwd"])
	if err != nil {
		t.Error(err)
	}
	for _, p := range Present(v.Absent, files.Names) {
		t.Errorf("the runtime image holds what it must not (%s)", p)
	}
	t.Logf("image %.1f MB (budget %.0f), %d layers, user %q (uid %d), %d paths, runtime %s",
		row.SizeMB, v.MaxSizeMB, row.Layers, info.Config.User, uid, len(files.Names), runtime)

	// 3. Run it and ask.
	port := containerPort(t, spec, info)
	body := serve(t, eng, tag, port, spec)
	if !strings.Contains(body, spec.Expect) {
		t.Fatalf("GET %s answered %q; want it to contain %q", spec.URLPath(), body, spec.Expect)
	}
	if strings.Contains(body, spec.Edit.Expect) {
		t.Fatalf("GET %s already answers edit.expect %q before the edit; the edit check would prove nothing", spec.URLPath(), spec.Edit.Expect)
	}

	// 5. Edit one source file, rebuild: the dependency step must be cached.
	src := filepath.Join(dir, filepath.FromSlash(spec.Edit.File))
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), spec.Edit.From, spec.Edit.To, 1)
	if edited == string(data) {
		t.Fatalf("edit: %q not found in %s", spec.Edit.From, spec.Edit.File)
	}
	if err := os.WriteFile(src, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	re := eng.build(t, name+"-rebuild", dir, tag)
	row.RebuildS = re.seconds
	deps = DepsSteps(re.log, spec.DepsStep)
	row.DepsCached = "yes"
	if len(deps) == 0 {
		row.DepsCached = "no"
		t.Errorf("rebuild: no step contains deps_step %q (log %s)", spec.DepsStep, re.logFile)
	}
	for _, s := range deps {
		if !s.Cached {
			row.DepsCached = "no"
			t.Errorf("rebuild after editing %s: the dependency step %q ran again instead of coming from the cache (log %s)", spec.Edit.File, s.Name, re.logFile)
		}
	}
	t.Logf("rebuild after edit %.1fs, dependency step cached: %s", re.seconds, row.DepsCached)
	body = serve(t, eng, tag, port, spec)
	if !strings.Contains(body, spec.Edit.Expect) {
		t.Errorf("after editing %s, GET %s answered %q; want it to contain %q", spec.Edit.File, spec.URLPath(), body, spec.Edit.Expect)
	}

	// 2b. The form without the syntax line builds on the engine's built-in
	// frontend, and runs.
	plain, _ := prepare(t, ex, append(slices.Clone(args), "--syntax", "")...)
	pdf, _ := os.ReadFile(filepath.Join(plain, "Dockerfile"))
	if bytes.Contains(pdf, []byte("# syntax=")) {
		t.Fatalf("--syntax \"\" still wrote a syntax line:\n%s", pdf)
	}
	ns := eng.build(t, name+"-nosyntax", plain, tag+"-nosyntax")
	row.NoSyntaxS = ns.seconds
	if strings.Contains(ns.log, "docker/dockerfile") {
		t.Errorf("the build without a syntax line loaded a docker/dockerfile frontend image instead of the engine's built-in one (log %s)", ns.logFile)
	}
	body = serve(t, eng, tag+"-nosyntax", port, spec)
	if !strings.Contains(body, spec.Expect) {
		t.Errorf("the image built without the syntax line answered %q; want it to contain %q", body, spec.Expect)
	}
	t.Logf("build without the syntax line %.1fs", ns.seconds)
}

func stepNames(log string) string {
	var b strings.Builder
	for _, s := range ParseProgress(log) {
		fmt.Fprintf(&b, "  #%d %s\n", s.ID, s.Name)
	}
	return b.String()
}

// containerPort is the spec's port, or the image's only exposed TCP port.
func containerPort(t *testing.T, spec Spec, info imageInfo) int {
	t.Helper()
	if spec.Port != 0 {
		return spec.Port
	}
	var ports []int
	for p := range info.Config.ExposedPorts {
		num, proto, _ := strings.Cut(p, "/")
		if n, err := strconv.Atoi(num); err == nil && (proto == "" || proto == "tcp") {
			ports = append(ports, n)
		}
	}
	if len(ports) != 1 {
		t.Fatalf("the image exposes ports %v; set \"port\" in %s", ports, SpecFile)
	}
	return ports[0]
}

// serve runs image with port published on a loopback port, GETs the
// spec's path until it answers (30 s at most), checks for 200, and removes
// the container. It returns the body.
func serve(t *testing.T, eng *engine, image string, port int, spec Spec) string {
	t.Helper()
	name := fmt.Sprintf("stagecraft-e2e-%s-%s", runID, newRunID())
	args := []string{"run", "-d", "--name", name,
		"-p", fmt.Sprintf("127.0.0.1::%d", port),
		"--cap-drop", "ALL", "--security-opt", "no-new-privileges"}
	if !spec.WritableRoot {
		args = append(args, "--read-only", "--tmpfs", "/tmp")
	}
	eng.run(t, append(args, image)...)
	defer eng.try(time.Minute, "rm", "-f", name)

	hostPort := strings.TrimSpace(strings.SplitN(eng.run(t, "port", name, fmt.Sprintf("%d/tcp", port)), "\n", 2)[0])
	if hostPort == "" {
		t.Fatalf("docker port %s %d: nothing published", name, port)
	}
	url := "http://" + hostPort + spec.URLPath()
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			body, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			if rerr == nil && resp.StatusCode == http.StatusOK {
				return string(body)
			}
			lastErr = fmt.Errorf("status %s, body %q, read error %v", resp.Status, body, rerr)
		} else {
			lastErr = err
		}
		if running, _ := eng.try(time.Minute, "inspect", "-f", "{{.State.Running}}", name); strings.TrimSpace(running) == "false" {
			logs, _ := eng.try(time.Minute, "logs", name)
			t.Fatalf("the container of %s exited before answering GET %s; logs:\n%s", image, spec.URLPath(), tail(logs, 30))
		}
		time.Sleep(300 * time.Millisecond)
	}
	logs, _ := eng.try(time.Minute, "logs", name)
	t.Fatalf("GET %s on %s: no 200 within 30s: %v; logs:\n%s", url, image, lastErr, tail(logs, 30))
	return ""
}

// testSecret generates the example with the arguments that make its
// Dockerfile mount a build secret, builds it with a random secret value,
// and checks the value is nowhere in the image.
func testSecret(t *testing.T, eng *engine, ex Example) {
	sec := ex.Spec.Secret
	dir, _ := prepare(t, ex, append(slices.Clone(ex.Spec.Args), sec.Args...)...)
	df, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if !bytes.Contains(df, []byte("--mount=type=secret,id="+sec.ID)) {
		t.Fatalf("generated with %v, the Dockerfile mounts no secret %q:\n%s", sec.Args, sec.ID, df)
	}
	value := "stagecraft-e2e-secret-" + newRunID() + newRunID()
	secretFile := filepath.Join(t.TempDir(), sec.ID)
	content := fmt.Sprintf("machine example.invalid login e2e password %s\n", value)
	if err := os.WriteFile(secretFile, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	tag := fmt.Sprintf("stagecraft-e2e/%s:%s", TagPart(ex.Name+"-secret"), runID)
	eng.removeImage(t, tag)
	res := eng.build(t, ex.Name+"-secret", dir, tag, "--secret", "id="+sec.ID+",src="+secretFile)
	t.Logf("built with --secret id=%s in %.1fs", sec.ID, res.seconds)
	assertNoSecret(t, eng, tag, value, true)
}

// assertNoSecret checks that value is (or, for the control, is) in no
// layer or file of `docker save` and not in `docker history --no-trunc`.
func assertNoSecret(t *testing.T, eng *engine, image, value string, wantAbsent bool) {
	t.Helper()
	var hits []string
	eng.stream(t, func(r io.Reader) (err error) { hits, err = ScanArchive(r, []byte(value)); return err }, "save", image)
	history := eng.run(t, "history", "--no-trunc", image)
	inspect := eng.run(t, "image", "inspect", image)
	inHistory := strings.Contains(history, value)
	inConfig := strings.Contains(inspect, value)
	if !wantAbsent {
		if len(hits) == 0 || !inHistory {
			t.Fatalf("control: the leaked value was not found (docker save: %v, history: %v): the leak checks are blind", hits, inHistory)
		}
		t.Logf("control: leaked value found in docker save (%s) and docker history", strings.Join(hits, ", "))
		return
	}
	if len(hits) > 0 {
		t.Errorf("the build secret's value is in the image: docker save entries %s", strings.Join(hits, ", "))
	}
	if inHistory {
		t.Errorf("the build secret's value is in docker history --no-trunc:\n%s", history)
	}
	if inConfig {
		t.Errorf("the build secret's value is in docker image inspect")
	}
	if len(hits) == 0 && !inHistory && !inConfig {
		t.Logf("secret value in no entry of docker save, not in docker history --no-trunc, not in the image config")
	}
}

// testSecretLeakControl proves the leak checks can fail: an image that
// does leak a value (copied into a layer and written into a label) must be
// caught by both the docker save scan and the history check.
func testSecretLeakControl(t *testing.T, eng *engine) {
	dir := t.TempDir()
	value := "stagecraft-e2e-leak-" + newRunID() + newRunID()
	files := map[string]string{
		"Dockerfile": "FROM scratch\nCOPY leak.txt /leak.txt\nLABEL e2e.leak=\"" + value + "\"\n",
		"leak.txt":   value + "\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tag := "stagecraft-e2e/leak-control:" + runID
	eng.removeImage(t, tag)
	eng.build(t, "leak-control", dir, tag)
	assertNoSecret(t, eng, tag, value, false)
}

// testLintGateControl proves that BUILDKIT_DOCKERFILE_CHECK=error=true
// really fails a build on a lint warning with the frontend the syntax line
// names; otherwise "every build passed the lint gate" would mean nothing.
// testImageMirror builds go-api with both base images replaced by
// --image, as a team points at its registry's copies: the engine must
// build from the replacements (tagged here from the local images) and the
// image must serve.
func testImageMirror(t *testing.T, eng *engine) {
	examples, err := Discover(filepath.Join("..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(examples, func(e Example) bool { return e.Name == "go-api" })
	if i < 0 {
		t.Fatal("no go-api example")
	}
	ex := examples[i]
	plain, _ := prepare(t, ex)
	df, _ := os.ReadFile(filepath.Join(plain, "Dockerfile"))
	var args []string
	for _, line := range strings.Split(string(df), "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && f[0] == "FROM" && f[len(f)-2] == "AS" {
			from := f[len(f)-3]
			mirror := "stagecraft-e2e-mirror.example/" + from[strings.LastIndex(from, "/")+1:]
			eng.run(t, "tag", from, mirror)
			t.Cleanup(func() { _, _ = eng.try(time.Minute, "rmi", mirror) })
			args = append(args, "--image", from+"="+mirror)
		}
	}
	if len(args) != 4 {
		t.Fatalf("want the build and runtime images of go-api, got --image %v from:\n%s", args, df)
	}
	dir, _ := prepare(t, ex, args...)
	df, _ = os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if n := strings.Count(string(df), " stagecraft-e2e-mirror.example/"); n != 2 {
		t.Fatalf("%d FROM lines name the mirror, want 2:\n%s", n, df)
	}
	tag := "stagecraft-e2e/image-mirror:" + runID
	eng.removeImage(t, tag)
	b := eng.build(t, "image-mirror", dir, tag)
	if !strings.Contains(b.log, "stagecraft-e2e-mirror.example/") {
		t.Errorf("the build log never names the mirror images (log %s)", b.logFile)
	}
	body := serve(t, eng, tag, containerPort(t, ex.Spec, eng.inspect(t, tag)), ex.Spec)
	if !strings.Contains(body, ex.Spec.Expect) {
		t.Errorf("GET / = %q, want %q", body, ex.Spec.Expect)
	}
	t.Logf("built from the mirror images in %.1fs and served %q", b.seconds, strings.TrimSpace(body))
}

func testLintGateControl(t *testing.T, eng *engine) {
	dir := t.TempDir()
	dockerfile := "# syntax=docker/dockerfile:1\nFROM scratch as base\nCOPY x.txt /x.txt\n"
	for name, content := range map[string]string{"Dockerfile": dockerfile, "x.txt": "x\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tag := "stagecraft-e2e/lint-control:" + runID
	eng.removeImage(t, tag)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := eng.command(ctx, "build", "--progress=plain", "--build-arg", "BUILDKIT_DOCKERFILE_CHECK=error=true", "-t", tag, dir).CombinedOutput()
	saveLog("lint-control", out)
	if err == nil {
		t.Fatalf("a Dockerfile with a FromAsCasing warning built with BUILDKIT_DOCKERFILE_CHECK=error=true: the lint gate is off\n%s", tail(string(out), 20))
	}
	if !strings.Contains(string(out), "FromAsCasing") {
		t.Fatalf("the build failed, but not on the lint rule:\n%s%s", tail(string(out), 20), buildHint(string(out)))
	}
	t.Logf("control: the lint gate failed the build on FromAsCasing")
}
