//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// dockerEnv names the docker client; CI sets it to the client it prepared.
// When it is set, an unreachable engine fails the suite instead of
// skipping it.
const dockerEnv = "STAGECRAFT_DOCKER"

// engine is a docker client talking to a reachable engine.
type engine struct {
	bin     string
	version string
}

var (
	engineOnce sync.Once
	theEngine  *engine
	engineErr  error
)

// needEngine returns the engine, or skips the test with one line saying
// why there is none (fails it when STAGECRAFT_DOCKER was set).
func needEngine(t *testing.T) *engine {
	t.Helper()
	engineOnce.Do(func() { theEngine, engineErr = findEngine() })
	if engineErr != nil {
		if _, set := os.LookupEnv(dockerEnv); set {
			t.Fatalf("e2e: %v", engineErr)
		}
		t.Skipf("e2e skipped: %v", engineErr)
	}
	return theEngine
}

func findEngine() (*engine, error) {
	name, via := os.Getenv(dockerEnv), dockerEnv+"="+os.Getenv(dockerEnv)
	if name == "" {
		name, via = "docker", dockerEnv+" unset, docker from PATH"
	}
	bin, err := exec.LookPath(name)
	if err != nil {
		return nil, fmt.Errorf("no Docker engine: no docker client %q (%s)", name, via)
	}
	e := &engine{bin: bin}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := e.command(ctx, "version", "--format", "{{.Server.Version}}").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("no Docker engine reachable through %s (%s): %s", bin, via, firstLine(string(out), err))
	}
	e.version = strings.TrimSpace(string(out))
	return e, nil
}

func firstLine(out string, err error) string {
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return err.Error()
}

// command is a docker command with BuildKit on.
func (e *engine) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, e.bin, args...)
	cmd.Env = append(os.Environ(), "DOCKER_BUILDKIT=1")
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// run runs a short docker command and returns its standard output; a
// failure fails the test with the command's error output.
func (e *engine) run(t *testing.T, args ...string) string {
	t.Helper()
	out, err := e.try(2*time.Minute, args...)
	if err != nil {
		t.Fatalf("docker %s: %v", strings.Join(args, " "), err)
	}
	return out
}

// try is run without failing the test.
func (e *engine) try(timeout time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := e.command(ctx, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// stream runs a docker command and hands its standard output to read.
func (e *engine) stream(t *testing.T, read func(io.Reader) error, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := e.command(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("docker %s: %v", strings.Join(args, " "), err)
	}
	readErr := read(out)
	io.Copy(io.Discard, out)
	waitErr := cmd.Wait()
	if err := errors.Join(readErr, waitErr); err != nil {
		t.Fatalf("docker %s: %v %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
}

// buildResult is one `docker build`: its plain-progress log and duration.
type buildResult struct {
	log     string
	seconds float64
	logFile string
}

// build runs `docker build --progress=plain` with BuildKit's lint checks
// as errors, and saves the log under the report folder as name.log.
func (e *engine) build(t *testing.T, name, dir, tag string, extra ...string) buildResult {
	t.Helper()
	args := append([]string{"build", "--progress=plain",
		"--build-arg", "BUILDKIT_DOCKERFILE_CHECK=error=true",
		"-t", tag}, extra...)
	args = append(args, dir)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	start := time.Now()
	out, err := e.command(ctx, args...).CombinedOutput()
	res := buildResult{log: string(out), seconds: time.Since(start).Seconds()}
	res.logFile = saveLog(name, out)
	if err != nil {
		t.Fatalf("docker %s failed (%v) after %.1fs; log %s:\n%s%s", strings.Join(args, " "), err, res.seconds, res.logFile, tail(res.log, 40), buildHint(res.log))
	}
	return res
}

func buildHint(log string) string {
	switch {
	case strings.Contains(log, "buildx"):
		return fmt.Sprintf("\nhint: this docker client needs buildx for BuildKit; point %s at a client that builds with DOCKER_BUILDKIT=1", dockerEnv)
	case strings.Contains(log, "docker/dockerfile") && (strings.Contains(log, "failed to resolve") || strings.Contains(log, "failed to do request")):
		return "\nhint: the '# syntax=docker/dockerfile:1' line needs the frontend image from Docker Hub or a local copy"
	}
	return ""
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// imageInfo is what the checks read from `docker image inspect`.
type imageInfo struct {
	Size   int64
	RootFS struct{ Layers []string }
	Config struct {
		User         string
		ExposedPorts map[string]struct{}
		Entrypoint   []string
		Cmd          []string
	}
}

func (e *engine) inspect(t *testing.T, image string) imageInfo {
	t.Helper()
	var infos []imageInfo
	if err := json.Unmarshal([]byte(e.run(t, "image", "inspect", image)), &infos); err != nil || len(infos) != 1 {
		t.Fatalf("docker image inspect %s: %v", image, err)
	}
	return infos[0]
}

// listing returns the image's file system as `docker export` of a created
// (never started) container sees it; this works for images without a shell.
func (e *engine) listing(t *testing.T, image string) Listing {
	t.Helper()
	id := strings.TrimSpace(e.run(t, "create", image))
	defer e.try(time.Minute, "rm", "-f", id)
	var l Listing
	e.stream(t, func(r io.Reader) (err error) { l, err = ReadListing(r); return err }, "export", id)
	if len(l.Names) == 0 {
		t.Fatalf("docker export of %s listed no files", image)
	}
	return l
}

// removeImage removes tags at the end of the test unless
// STAGECRAFT_E2E_KEEP=1.
func (e *engine) removeImage(t *testing.T, tags ...string) {
	t.Cleanup(func() {
		if os.Getenv("STAGECRAFT_E2E_KEEP") == "1" {
			return
		}
		e.try(2*time.Minute, append([]string{"rmi", "-f"}, tags...)...)
	})
}

// saveLog writes a build log under the report folder and returns its path.
func saveLog(name string, data []byte) string {
	dir := filepath.Join(reportDir(), "logs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "(not saved: " + err.Error() + ")"
	}
	p := filepath.Join(dir, TagPart(name)+".log")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return "(not saved: " + err.Error() + ")"
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return p
}

// reportDir is where the report and build logs go: STAGECRAFT_E2E_REPORT,
// or report/ beside the tests (e2e/report, ignored by git).
func reportDir() string {
	if d := os.Getenv("STAGECRAFT_E2E_REPORT"); d != "" {
		return d
	}
	return "report"
}
