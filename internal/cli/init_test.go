package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	pseudotty "github.com/creack/pty"
	"github.com/hinshun/vt10x"
	"github.com/stagecraft/stagecraft/internal/config"
	"github.com/stagecraft/stagecraft/internal/testtree"
	xterm "golang.org/x/term"
)

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
	keyCtrlC = "\x03"
)

// syncBuffer is a bytes.Buffer safe for the console's writer goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// wizardRun is one init run through a pseudo-terminal.
type wizardRun struct {
	err    error
	raw    string         // every byte the program wrote to the terminal
	screen string         // what the terminal shows at the end
	term   vt10x.Terminal // the emulated terminal
}

// runWizard runs init on opts with a real pseudo-terminal as stdin and
// stdout; drive types and reads like a person (see survey's own tests: a
// vt10x terminal answers the cursor queries survey sends).
func runWizard(t *testing.T, opts *InitOptions, env map[string]string, drive func(c *expect.Console)) wizardRun {
	t.Helper()
	pty, tty, err := pseudotty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	// survey renders a question before it puts the terminal in raw mode, so
	// keys sent as soon as the question shows could meet a cooked terminal,
	// where Ctrl-C becomes a signal and is lost. Start raw, as survey
	// would leave it.
	if _, err := xterm.MakeRaw(int(tty.Fd())); err != nil {
		t.Fatalf("raw mode: %v", err)
	}
	term := vt10x.New(vt10x.WithWriter(tty), vt10x.WithSize(160, 50))
	raw := &syncBuffer{}
	c, err := expect.NewConsole(expect.WithStdin(pty), expect.WithStdout(term, raw), expect.WithCloser(pty, tty), expect.WithDefaultTimeout(20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	done := make(chan struct{})
	go func() {
		defer close(done)
		drive(c)
		_, _ = c.ExpectEOF()
	}()

	streams := &IOStreams{In: c.Tty(), Out: c.Tty(), ErrOut: c.Tty(), Env: mapEnv(env)}
	streams.SetTTY(true, true)
	opts.IO = streams
	result := make(chan error, 1)
	go func() { result <- initRun(opts) }()
	var runErr error
	select {
	case runErr = <-result:
	case <-time.After(wizardTimeout):
		// A question nobody answers: end it rather than hang the suite.
		c.Tty().Close()
		c.Close()
		select {
		case <-result:
		case <-time.After(5 * time.Second):
		}
		t.Fatalf("init did not finish; the screen:\n%s", expect.StripTrailingEmptyLines(term.String()))
	}
	if err := c.Tty().Close(); err != nil {
		t.Errorf("closing the tty: %v", err)
	}
	<-done
	return wizardRun{err: runErr, raw: raw.String(), screen: expect.StripTrailingEmptyLines(term.String()), term: term}
}

func mapEnv(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// expectString waits for s on the terminal, failing the test if it never comes.
func expectString(t *testing.T, c *expect.Console, s string) {
	t.Helper()
	if out, err := c.ExpectString(s); err != nil {
		t.Errorf("waiting for %q: %v\nseen:\n%s", s, err, out)
	}
}

// sendUntil sends key until want shows. survey draws a question before it
// reads the terminal; under load a key sent in that gap can be lost, so a
// person would press it again.
func sendUntil(t *testing.T, c *expect.Console, key, want string) {
	t.Helper()
	for i := 0; i < 10; i++ {
		send(t, c, key)
		if _, err := c.Expect(expect.String(want), expect.WithTimeout(2*time.Second)); err == nil {
			return
		}
	}
	t.Errorf("%q never showed after sending %q ten times", want, key)
}

func send(t *testing.T, c *expect.Console, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, err := c.Send(k); err != nil {
			t.Errorf("send %q: %v", k, err)
		}
	}
}

func readTreeFile(t *testing.T, dir, name string) string {
	t.Helper()
	dt, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	return string(dt)
}

func noFile(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(n))); err == nil {
			t.Errorf("%s was written; nothing should be", n)
		}
	}
}

var goService = map[string]string{
	"go.mod":             "module example.com/shop\n\ngo 1.23.4\n",
	"cmd/server/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
}

// loadSaved parses the .stagecraft.yaml the wizard wrote.
func loadSaved(t *testing.T, dir string) *config.File {
	t.Helper()
	f, err := config.Load(filepath.Join(dir, config.FileName))
	if err != nil {
		t.Fatalf("the saved config: %v", err)
	}
	return f
}

// checkReproducible runs `generate --check` on dir: the config alone must
// reproduce what the wizard wrote.
func checkReproducible(t *testing.T, dir string) {
	t.Helper()
	var out, errOut bytes.Buffer
	opts := &GenerateOptions{IO: Test(nil, &out, &errOut), Dir: dir, Check: true}
	opts.Gen.Syntax = "docker/dockerfile:1"
	if err := generateRun(opts); err != nil {
		t.Errorf("generate --check after init: %v\n%s%s", err, out.String(), errOut.String())
	}
}

// wizardTimeout bounds one wizard run, so an unanswered question fails the test.
var wizardTimeout = 90 * time.Second

var sgrColour = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func TestInitAcceptDefaults(t *testing.T) {
	dir := testtree.Write(t, goService)
	run := runWizard(t, &InitOptions{Dir: dir}, map[string]string{"NO_COLOR": "1"}, func(c *expect.Console) {
		expectString(t, c, "Detected: Go 1.23.4, main package ./cmd/server, port 8080 — from go.mod:3, cmd/server/main.go:1, cmd/server/main.go:6")
		expectString(t, c, "Go version of the build image")
		send(t, c, keyEnter)
		expectString(t, c, "Runtime image")
		send(t, c, keyEnter)
		expectString(t, c, "Port the service listens on")
		send(t, c, keyEnter)
		expectString(t, c, "Private Go modules")
		send(t, c, keyEnter)
		expectString(t, c, "Dockerfile to write")
		send(t, c, keyEnter)
		expectString(t, c, "next: docker build -t server "+dir)
	})
	if run.err != nil {
		t.Fatalf("init: %v\n%s", run.err, run.screen)
	}
	cfg := loadSaved(t, dir)
	if len(cfg.Projects) != 1 {
		t.Fatalf("projects: %+v", cfg.Projects)
	}
	p := cfg.Projects[0]
	if p.Path != "." || p.Stack != "go" || p.Runtime != "distroless" || p.Output != "Dockerfile" || p.Port != 0 || p.LanguageVersion != "" {
		t.Errorf("saved project = %+v; want only the decisions (detected values left to detection)", p)
	}
	df := readTreeFile(t, dir, "Dockerfile")
	for _, want := range []string{"FROM gcr.io/distroless/static-debian12:nonroot AS runtime", "EXPOSE 8080", "golang:1.23.4-bookworm AS build"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q:\n%s", want, df)
		}
	}
	readTreeFile(t, dir, ".dockerignore")
	// The screen shows the answers and what was written.
	for _, want := range []string{"wrote " + filepath.Join(dir, ".stagecraft.yaml"), "wrote " + filepath.Join(dir, "Dockerfile"), "Runtime image distroless"} {
		if !strings.Contains(run.screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, run.screen)
		}
	}
	if m := sgrColour.FindString(run.raw); m != "" {
		t.Errorf("NO_COLOR set, but the output has the colour sequence %q", m)
	}
	checkReproducible(t, dir)
}

func TestInitChangeRuntimeAndPort(t *testing.T) {
	dir := testtree.Write(t, goService)
	run := runWizard(t, &InitOptions{Dir: dir}, nil, func(c *expect.Console) {
		expectString(t, c, "Go version of the build image")
		send(t, c, keyEnter)
		expectString(t, c, "Runtime image")
		expectString(t, c, "scratch")
		send(t, c, keyDown, keyEnter) // distroless → scratch
		expectString(t, c, "Port the service listens on")
		send(t, c, "9090", keyEnter)
		expectString(t, c, "Private Go modules")
		send(t, c, keyEnter)
		expectString(t, c, "Dockerfile to write")
		send(t, c, keyEnter)
		expectString(t, c, "next: docker build")
	})
	if run.err != nil {
		t.Fatalf("init: %v\n%s", run.err, run.screen)
	}
	p := loadSaved(t, dir).Projects[0]
	if p.Runtime != "scratch" || p.Port != 9090 {
		t.Errorf("saved runtime %q port %d, want scratch 9090", p.Runtime, p.Port)
	}
	df := readTreeFile(t, dir, "Dockerfile")
	for _, want := range []string{"FROM scratch AS runtime", "EXPOSE 9090"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q:\n%s", want, df)
		}
	}
	if strings.Contains(df, "EXPOSE 8080") {
		t.Errorf("Dockerfile still exposes the detected port:\n%s", df)
	}
	checkReproducible(t, dir)
}

func TestInitRuntimeListsOnlyCompatible(t *testing.T) {
	files := map[string]string{
		"go.mod":  "module example.com/db\n\ngo 1.23.4\n",
		"main.go": "package main\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc main() {}\n",
	}
	dir := testtree.Write(t, files)
	run := runWizard(t, &InitOptions{Dir: dir}, nil, func(c *expect.Console) {
		expectString(t, c, "Go version of the build image")
		send(t, c, keyEnter)
		expectString(t, c, "not offered: scratch: needs a static binary; this build uses cgo")
		expectString(t, c, "Runtime image")
		sendUntil(t, c, keyCtrlC, "Cancelled; nothing written.")
	})
	var ee *ExitError
	if !errors.As(run.err, &ee) || ee.Code != ExitInput {
		t.Fatalf("cancel: err = %v, want exit 2", run.err)
	}
	// The select shows the three compatible runtimes and not scratch.
	var menu []string
	for _, line := range strings.Split(run.screen, "\n") {
		for _, rt := range []string{"distroless", "scratch", "alpine", "slim"} {
			if strings.Contains(line, rt+" - ") {
				menu = append(menu, rt)
			}
		}
	}
	if got := strings.Join(menu, ","); got != "distroless,slim,alpine" {
		t.Errorf("runtime menu = %s, want distroless,slim,alpine\n%s", got, run.screen)
	}
}

func TestInitCancelWritesNothing(t *testing.T) {
	dir := testtree.Write(t, goService)
	run := runWizard(t, &InitOptions{Dir: dir}, nil, func(c *expect.Console) {
		expectString(t, c, "Go version of the build image")
		send(t, c, keyEnter)
		expectString(t, c, "Runtime image")
		send(t, c, keyDown)
		sendUntil(t, c, keyCtrlC, "Cancelled; nothing written.")
	})
	var ee *ExitError
	if !errors.As(run.err, &ee) || ee.Code != ExitInput {
		t.Fatalf("err = %v, want exit 2", run.err)
	}
	noFile(t, dir, ".stagecraft.yaml", "Dockerfile", ".dockerignore")
}

// acceptGoDefaults answers every question the wizard asks of a Go service
// with its default.
func acceptGoDefaults(t *testing.T, c *expect.Console) {
	t.Helper()
	for _, q := range []string{"Go version", "Runtime image", "Port the service", "Private Go modules", "Dockerfile to write"} {
		expectString(t, c, q)
		send(t, c, keyEnter)
	}
}

// withHandWrittenDockerfile is goService plus a Dockerfile stagecraft did not write.
func withHandWrittenDockerfile(dockerfile string) map[string]string {
	files := map[string]string{"Dockerfile": dockerfile}
	for k, v := range goService {
		files[k] = v
	}
	return files
}

func TestInitOverwriteRefused(t *testing.T) {
	files := withHandWrittenDockerfile("FROM golang:1.23\nCOPY . .\nRUN go build -o /app ./cmd/server\nCMD [\"/app\"]\n")
	dir := testtree.Write(t, files)
	run := runWizard(t, &InitOptions{Dir: dir}, nil, func(c *expect.Console) {
		acceptGoDefaults(t, c)
		expectString(t, c, "exists; the changes:")
		expectString(t, c, "Replace it?")
		send(t, c, "n", keyEnter)
		expectString(t, c, "Nothing written")
	})
	var ee *ExitError
	if !errors.As(run.err, &ee) || ee.Code != ExitInput {
		t.Fatalf("err = %v, want exit 2", run.err)
	}
	if got := readTreeFile(t, dir, "Dockerfile"); got != files["Dockerfile"] {
		t.Errorf("the hand-written Dockerfile changed:\n%s", got)
	}
	noFile(t, dir, ".stagecraft.yaml", ".dockerignore")
	if !strings.Contains(run.raw, "-FROM golang:1.23") {
		t.Errorf("no diff of the existing Dockerfile was shown:\n%s", run.screen)
	}
}

func TestInitOverwriteAccepted(t *testing.T) {
	files := withHandWrittenDockerfile("FROM golang:1.23\nCMD [\"/app\"]\n")
	dir := testtree.Write(t, files)
	run := runWizard(t, &InitOptions{Dir: dir}, nil, func(c *expect.Console) {
		acceptGoDefaults(t, c)
		expectString(t, c, "Replace it?")
		send(t, c, "y", keyEnter)
		expectString(t, c, "next: docker build")
	})
	if run.err != nil {
		t.Fatalf("init: %v\n%s", run.err, run.screen)
	}
	if df := readTreeFile(t, dir, "Dockerfile"); !strings.Contains(df, "Generated by stagecraft") {
		t.Errorf("Dockerfile not replaced:\n%s", df)
	}
}

// A go.work workspace with two service modules is a monorepo: the wizard
// asks which project, and configures only the one chosen.
func TestInitMonorepoChoice(t *testing.T) {
	dir := testtree.Write(t, map[string]string{
		"go.work":        "go 1.23.4\n\nuse (\n\t./api\n\t./worker\n)\n",
		"api/go.mod":     "module example.com/api\n\ngo 1.23.4\n",
		"api/main.go":    "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
		"worker/go.mod":  "module example.com/worker\n\ngo 1.23.4\n",
		"worker/main.go": "package main\n\nfunc main() {}\n",
	})
	run := runWizard(t, &InitOptions{Dir: dir}, nil, func(c *expect.Console) {
		expectString(t, c, "holds 2 projects")
		expectString(t, c, "Which project?")
		expectString(t, c, "all 2")
		send(t, c, keyUp, keyEnter) // "all 2" → worker
		expectString(t, c, "Go project at worker")
		for _, q := range []string{"Go version", "Runtime image", "Port the service", "Private Go modules", "Dockerfile to write (relative to worker"} {
			expectString(t, c, q)
			send(t, c, keyEnter)
		}
		expectString(t, c, "next: docker build")
	})
	if run.err != nil {
		t.Fatalf("init: %v\n%s", run.err, run.screen)
	}
	cfg := loadSaved(t, dir)
	if len(cfg.Projects) != 1 || cfg.Projects[0].Path != "worker" {
		t.Fatalf("saved projects = %+v, want only worker", cfg.Projects)
	}
	df := readTreeFile(t, dir, "worker/Dockerfile")
	if !strings.Contains(df, "COPY go.work ./") || strings.Contains(df, "EXPOSE") {
		t.Errorf("worker Dockerfile: want a workspace build without EXPOSE:\n%s", df)
	}
	noFile(t, dir, "api/Dockerfile")
	if !strings.Contains(run.screen, "next: docker build -f "+filepath.Join(dir, "worker/Dockerfile")) {
		t.Errorf("next step should build from the workspace root with -f:\n%s", run.screen)
	}
	checkReproducible(t, dir)
}

func TestInitWithoutTerminal(t *testing.T) {
	dir := testtree.Write(t, goService)
	for name, env := range map[string]map[string]string{"no tty": nil, "CI set": {"CI": "true"}} {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			streams := Test(strings.NewReader(""), &out, &errOut)
			streams.Env = mapEnv(env)
			if env != nil {
				streams.SetTTY(true, true) // a terminal, but CI says no questions
			}
			code := Main([]string{"init", dir}, streams)
			if code != ExitInput {
				t.Errorf("exit %d, want 2", code)
			}
			for _, want := range []string{"needs a terminal", "stagecraft generate", "stagecraft init --yes"} {
				if !strings.Contains(errOut.String(), want) {
					t.Errorf("message lacks %q: %s", want, errOut.String())
				}
			}
			noFile(t, dir, ".stagecraft.yaml", "Dockerfile")
		})
	}
}

func TestInitYes(t *testing.T) {
	dir := testtree.Write(t, goService)
	var out, errOut bytes.Buffer
	if code := Main([]string{"init", "--yes", "--runtime", "alpine", dir}, Test(nil, &out, &errOut)); code != 0 {
		t.Fatalf("init --yes: exit %d\n%s", code, errOut.String())
	}
	if p := loadSaved(t, dir).Projects[0]; p.Runtime != "alpine" {
		t.Errorf("runtime = %q, want the flag's alpine", p.Runtime)
	}
	if strings.Contains(out.String(), "?") {
		t.Errorf("init --yes asked something:\n%s", out.String())
	}
	checkReproducible(t, dir)

	// A hand-written Dockerfile stops --yes unless --force.
	hand := testtree.Write(t, map[string]string{"Dockerfile": "FROM scratch\n", "go.mod": goService["go.mod"], "cmd/server/main.go": goService["cmd/server/main.go"]})
	errOut.Reset()
	if code := Main([]string{"init", "--yes", hand}, Test(nil, &out, &errOut)); code != ExitInput {
		t.Errorf("init --yes over a hand-written Dockerfile: exit %d, want 2", code)
	}
	if !strings.Contains(errOut.String(), "not generated by stagecraft") {
		t.Errorf("message: %s", errOut.String())
	}
	noFile(t, hand, ".stagecraft.yaml", ".dockerignore")
	if code := Main([]string{"init", "--yes", "--force", hand}, Test(nil, &out, &errOut)); code != 0 {
		t.Errorf("init --yes --force: exit %d: %s", code, errOut.String())
	}
	if df := readTreeFile(t, hand, "Dockerfile"); !strings.Contains(df, "Generated by stagecraft") {
		t.Errorf("--force did not replace the Dockerfile")
	}
}

func TestInitBadConfigWritesNothing(t *testing.T) {
	files := map[string]string{".stagecraft.yaml": "version: 1\nprojects:\n  - path: .\n    runtime: scratch\n", "go.mod": "module example.com/db\n\ngo 1.23.4\n", "main.go": "package main\n\nimport \"C\"\n\nfunc main() {}\n"}
	dir := testtree.Write(t, files)
	var out, errOut bytes.Buffer
	code := Main([]string{"init", "--yes", dir}, Test(nil, &out, &errOut))
	if code != ExitInput || !strings.Contains(errOut.String(), ".stagecraft.yaml:4: runtime scratch: needs a static binary") {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
	noFile(t, dir, "Dockerfile")
}

func TestInitNextStepNamesSecrets(t *testing.T) {
	dir := testtree.Write(t, goService)
	run := runWizard(t, &InitOptions{Dir: dir}, nil, func(c *expect.Console) {
		for _, q := range []string{"Go version", "Runtime image", "Port the service"} {
			expectString(t, c, q)
			send(t, c, keyEnter)
		}
		expectString(t, c, "Private Go modules")
		send(t, c, "example.com/internal/*, example.com/shared", keyEnter)
		expectString(t, c, "Dockerfile to write")
		send(t, c, keyEnter)
		expectString(t, c, "next: docker build --secret id=netrc,src=$HOME/.netrc -t server "+dir)
	})
	if run.err != nil {
		t.Fatalf("init: %v\n%s", run.err, run.screen)
	}
	p := loadSaved(t, dir).Projects[0]
	if strings.Join(p.Private, " ") != "example.com/internal/* example.com/shared" || strings.Join(p.Secrets, " ") != "netrc" {
		t.Errorf("saved private %v secrets %v", p.Private, p.Secrets)
	}
	if df := readTreeFile(t, dir, "Dockerfile"); !strings.Contains(df, "--mount=type=secret,id=netrc") {
		t.Errorf("Dockerfile does not mount the netrc secret:\n%s", df)
	}
	checkReproducible(t, dir)
}

func TestInitRejectsBadAnswerAndAsksAgain(t *testing.T) {
	dir := testtree.Write(t, goService)
	run := runWizard(t, &InitOptions{Dir: dir}, nil, func(c *expect.Console) {
		expectString(t, c, "Go version")
		send(t, c, "1.x", keyEnter)
		expectString(t, c, "want a version like 1.23.4")
		send(t, c, "\x7f\x7f\x7f", "1.22.5", keyEnter) // backspace the bad answer
		// Older than go.mod's go line: refused with the line.
		expectString(t, c, "go.mod:3 says go 1.23.4")
		send(t, c, strings.Repeat("\x7f", 6), "1.24.1", keyEnter)
		for _, q := range []string{"Runtime image", "Port the service", "Private Go modules", "Dockerfile to write"} {
			expectString(t, c, q)
			send(t, c, keyEnter)
		}
		expectString(t, c, "next: docker build")
	})
	if run.err != nil {
		t.Fatalf("init: %v\n%s", run.err, run.screen)
	}
	if p := loadSaved(t, dir).Projects[0]; p.LanguageVersion != "1.24.1" {
		t.Errorf("language_version = %q, want the changed 1.24.1 saved", p.LanguageVersion)
	}
	if df := readTreeFile(t, dir, "Dockerfile"); !strings.Contains(df, "golang:1.24.1-bookworm") {
		t.Errorf("Dockerfile does not use 1.24.1")
	}
}
