package generator

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/templates"
)

func TestRuntimeRefusedWithReason(t *testing.T) {
	p := goProject()
	p.Go.CGO, p.Go.CGOReason = true, `db/db.go imports "C"`
	p.Runtimes = []string{"distroless", "slim", "alpine"}
	p.RuntimesExcluded = []detect.ExcludedRuntime{{Runtime: "scratch", Reason: "needs a static binary; this build uses cgo (db/db.go imports \"C\")"}}
	_, err := NewPlan(p, Options{Runtime: "scratch"}, templates.FS())
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "needs a static binary; this build uses cgo") || !strings.Contains(err.Error(), "distroless, slim, alpine") {
		t.Fatalf("got %v", err)
	}
	_, err = NewPlan(goProject(), Options{Runtime: "nginx"}, templates.FS())
	if err == nil || !strings.Contains(err.Error(), "not a runtime for go projects") {
		t.Fatalf("got %v", err)
	}
}

func TestOptionsRefused(t *testing.T) {
	cases := map[string]Options{
		"version":    {Version: "1.23\nRUN rm -rf /"},
		"port":       {Port: 70000},
		"name":       {Name: "My App"},
		"secret":     {Secrets: []string{"NPM TOKEN"}},
		"label key":  {Labels: map[string]string{"a b": "x"}},
		"label nl":   {Labels: map[string]string{"a": "x\nRUN id"}},
		"entrypoint": {Entrypoint: "./cmd/server && curl evil"},
		"not main":   {Entrypoint: "./cmd/nothere"},
		"include":    {Include: []string{"../etc"}},
		"syntax":     {Syntax: "docker/dockerfile:1\nRUN id"},
		"stack":      {Stack: "node"},
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := Generate(goProject(), o, templates.FS())
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("want an InputError, got %v", err)
			}
		})
	}
}

func TestEntrypointFlagPicksAnotherMain(t *testing.T) {
	_, files, err := Generate(goProject(), Options{Entrypoint: "cmd/admin", Syntax: DefaultSyntax}, templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	df := string(files[0].Content)
	if !strings.Contains(df, "-o /out/admin ./cmd/admin") || !strings.Contains(df, `ENTRYPOINT ["/app/admin"]`) {
		t.Fatalf("entry point not used:\n%s", df)
	}
}

func TestOutputPathsAndIgnoreFile(t *testing.T) {
	for _, c := range []struct{ path, context, output, df, ig string }{
		{".", ".", "", "Dockerfile", ".dockerignore"},
		{"svc", "svc", "", "svc/Dockerfile", "svc/.dockerignore"},
		{"api", ".", "", "api/Dockerfile", "api/Dockerfile.dockerignore"},
		{".", ".", "build/Dockerfile.prod", "build/Dockerfile.prod", "build/Dockerfile.prod.dockerignore"},
	} {
		df, ig := outputPaths(detect.Project{Path: c.path}, c.context, c.output)
		if df != c.df || ig != c.ig {
			t.Errorf("%+v: got %s %s", c, df, ig)
		}
	}
}

// A template that renders an invalid Dockerfile is refused with the problems.
func TestValidationRefusesBadTemplates(t *testing.T) {
	base := templates.FS()
	cases := map[string]struct {
		dockerfile string
		want       string
	}{
		"lint":      {"{{ template \"header\" . }}\nFROM golang:1.23 as build\nFROM gcr.io/distroless/static-debian12 AS runtime\nUSER 65532\nENTRYPOINT [\"/x\"]\n", "buildkit/FromAsCasing"},
		"root user": {"{{ template \"header\" . }}\nFROM golang:1.23 AS build\nFROM gcr.io/distroless/static-debian12 AS runtime\nUSER root\nENTRYPOINT [\"/x\"]\n", "stagecraft/non-root"},
		"one stage": {"{{ template \"header\" . }}\nFROM gcr.io/distroless/static-debian12 AS runtime\nUSER 1000\nENTRYPOINT [\"/x\"]\n", "stagecraft/multi-stage"},
		"toolchain": {"{{ template \"header\" . }}\nFROM golang:1.23 AS build\nFROM golang:1.23 AS runtime\nUSER 1000\nENTRYPOINT [\"/x\"]\n", "stagecraft/runtime-toolchain"},
		"shell cmd": {"{{ template \"header\" . }}\nFROM golang:1.23 AS build\nFROM gcr.io/distroless/static-debian12 AS runtime\nUSER 1000\nCMD /x\n", "stagecraft/exec-form"},
		"no header": {"FROM golang:1.23 AS build\nFROM gcr.io/distroless/static-debian12 AS runtime\nUSER 1000\nENTRYPOINT [\"/x\"]\n", "stagecraft/header"},
		"parse":     {"{{ template \"header\" . }}\nFROM golang:1.23 AS build\nCOPY\n", "parse"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			tfs := overlay{base: base, files: fstest.MapFS{"go/Dockerfile.tmpl": {Data: []byte(c.dockerfile)}}}
			_, _, err := Generate(goProject(), Options{Syntax: DefaultSyntax}, tfs)
			var ve *ValidationError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want a validation error with %s, got %v", c.want, err)
			}
		})
	}
}

func TestMissingVariableIsATemplateError(t *testing.T) {
	tfs := overlay{base: templates.FS(), files: fstest.MapFS{"go/Dockerfile.tmpl": {Data: []byte("{{ template \"header\" . }}\n\nFROM {{ .Nope }}\n")}}}
	_, _, err := Generate(goProject(), Options{}, tfs)
	var te *TemplateError
	if !errors.As(err, &te) || te.File != "go/Dockerfile.tmpl" || te.Line != 3 {
		t.Fatalf("want a TemplateError at go/Dockerfile.tmpl:3, got %#v", err)
	}
}

func TestEnvIsNotAvailableToTemplates(t *testing.T) {
	tfs := overlay{base: templates.FS(), files: fstest.MapFS{"go/Dockerfile.tmpl": {Data: []byte("{{ env \"HOME\" }}\n")}}}
	_, _, err := Generate(goProject(), Options{}, tfs)
	if err == nil || !strings.Contains(err.Error(), `go/Dockerfile.tmpl:1: function "env" is not available`) {
		t.Fatalf("got %v", err)
	}
}

// Docker takes any label key; upper-case ones (Maintainer, a team's
// conventions) are accepted like lower-case ones.
func TestUpperCaseLabelKeyAccepted(t *testing.T) {
	_, files, err := Generate(goProject(), Options{Labels: map[string]string{"Maintainer": "platform@example.com"}}, templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files[0].Content), `Maintainer="platform@example.com"`) {
		t.Errorf("label missing:\n%s", files[0].Content)
	}
}
