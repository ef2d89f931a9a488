package detect

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

func scanOne(t *testing.T, files map[string]string) Project {
	t.Helper()
	r, err := Scan(mapFS(files))
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	if len(r.Projects) != 1 {
		t.Fatalf("want 1 project, got %d: %+v", len(r.Projects), r.Projects)
	}
	return r.Projects[0]
}

// evidence returns the evidence for field, failing the test when there is none.
func evidence(t *testing.T, p Project, field string) Evidence {
	t.Helper()
	e, ok := p.EvidenceFor(field)
	if !ok {
		t.Fatalf("no evidence for %s: %+v", field, p.Evidence)
	}
	return e
}

func wantEvidence(t *testing.T, p Project, field, file string, line int) {
	t.Helper()
	e, ok := p.EvidenceFor(field)
	if !ok {
		t.Fatalf("no evidence for %s: %+v", field, p.Evidence)
	}
	if e.File != file || e.Line != line {
		t.Fatalf("evidence for %s: got %s:%d, want %s:%d", field, e.File, e.Line, file, line)
	}
}

const mainServe = `package main

import "net/http"

func main() {
	http.ListenAndServe(":8080", nil)
}
`

func TestGoToolchainBeatsGoLine(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":  "module example.com/a\n\ngo 1.22\n\ntoolchain go1.23.4\n",
		"main.go": mainServe,
	})
	if p.LanguageVersion != "1.23.4" {
		t.Fatalf("version %q, want 1.23.4", p.LanguageVersion)
	}
	wantEvidence(t, p, "language_version", "go.mod", 5)
}

func TestGoLineWithoutToolchain(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":  "module example.com/a\n\ngo 1.22.5\n",
		"main.go": mainServe,
	})
	if p.LanguageVersion != "1.22.5" {
		t.Fatalf("version %q", p.LanguageVersion)
	}
	wantEvidence(t, p, "language_version", "go.mod", 3)
	if p.Port == nil || *p.Port != 8080 {
		t.Fatalf("port %v", p.Port)
	}
	wantEvidence(t, p, "port", "main.go", 6)
	if p.Entrypoint != "." {
		t.Fatalf("entrypoint %q", p.Entrypoint)
	}
}

func TestGoLibraryRootBuildsCmdAPI(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":          "module example.com/lib\n\ngo 1.23\n",
		"lib.go":          "package lib\n\nfunc X() {}\n",
		"cmd/api/main.go": mainServe,
		"lib_test.go":     "package main\n",
		"internal/x/x.go": "package x\n",
		"testdata/t/m.go": "package main\nfunc main(){}\n",
	})
	if p.Entrypoint != "./cmd/api" {
		t.Fatalf("entrypoint %q, want ./cmd/api", p.Entrypoint)
	}
}

func TestGoSeveralMainsPrefersTheServer(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":              "module example.com/tool\n\ngo 1.23\n",
		"cmd/admin/main.go":   "package main\n\nfunc main() {}\n",
		"cmd/migrate/main.go": "package main\n\nfunc main() {}\n",
		"cmd/web/main.go":     mainServe,
	})
	if p.Entrypoint != "./cmd/web" {
		t.Fatalf("entrypoint %q, want ./cmd/web", p.Entrypoint)
	}
	if got := strings.Join(p.EntrypointCandidates, ","); got != "./cmd/web,./cmd/admin,./cmd/migrate" {
		t.Fatalf("candidates %s", got)
	}
	if len(p.Warnings) == 0 || !strings.Contains(p.Warnings[0], "./cmd/admin") {
		t.Fatalf("want a warning listing the other mains, got %v", p.Warnings)
	}
}

func TestGoSeveralMainsByName(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":             "module example.com/tool\n\ngo 1.23\n",
		"cmd/admin/main.go":  "package main\n\nfunc main() {}\n",
		"cmd/server/main.go": "package main\n\nfunc main() {}\n",
	})
	if p.Entrypoint != "./cmd/server" {
		t.Fatalf("entrypoint %q, want ./cmd/server", p.Entrypoint)
	}
}

func TestGoWorkEveryModuleIsAProject(t *testing.T) {
	r, err := Scan(mapFS(map[string]string{
		"go.work":          "go 1.23\n\nuse (\n\t./api\n\t./worker\n\t./shared\n)\n",
		"api/go.mod":       "module example.com/api\n\ngo 1.23\n",
		"api/go.sum":       "",
		"api/main.go":      mainServe,
		"worker/go.mod":    "module example.com/worker\n\ngo 1.23\n",
		"worker/main.go":   "package main\n\nfunc main() {}\n",
		"shared/go.mod":    "module example.com/shared\n\ngo 1.23\n",
		"shared/shared.go": "package shared\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Projects) != 2 || r.Projects[0].Path != "api" || r.Projects[1].Path != "worker" {
		t.Fatalf("projects: %+v", r.Projects)
	}
	api := r.Projects[0]
	if api.Context != "." || api.Go.Workspace == nil || strings.Join(api.Go.Workspace.Modules, ",") != "api,shared,worker" {
		t.Fatalf("workspace: context %q %+v", api.Context, api.Go.Workspace)
	}
	if strings.Join(api.Go.Workspace.Sums, ",") != "api" {
		t.Fatalf("sums %v", api.Go.Workspace.Sums)
	}
	if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "shared") {
		t.Fatalf("want a note about the library module, got %v", r.Notes)
	}
}

func TestGoCgoFromImportC(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":   "module example.com/c\n\ngo 1.23\n",
		"main.go":  mainServe,
		"db/db.go": "package db\n\n// #include <stdlib.h>\nimport \"C\"\n",
	})
	if !p.Go.CGO {
		t.Fatal("cgo not detected")
	}
	wantEvidence(t, p, "cgo", "db/db.go", 4)
	for _, r := range p.Runtimes {
		if r == "scratch" {
			t.Fatal("scratch offered for a cgo build")
		}
	}
	if len(p.RuntimesExcluded) != 1 || !strings.Contains(p.RuntimesExcluded[0].Reason, "cgo") {
		t.Fatalf("excluded: %+v", p.RuntimesExcluded)
	}
}

func TestGoCgoFromKnownModule(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":  "module example.com/c\n\ngo 1.23\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n",
		"go.sum":  "",
		"main.go": mainServe,
	})
	if !p.Go.CGO || !strings.Contains(p.Go.CGOReason, "go-sqlite3") {
		t.Fatalf("cgo %v %q", p.Go.CGO, p.Go.CGOReason)
	}
	wantEvidence(t, p, "cgo", "go.mod", 5)
}

func TestGoVendor(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":             "module example.com/v\n\ngo 1.23\n",
		"go.sum":             "",
		"main.go":            mainServe,
		"vendor/modules.txt": "# example.com/dep v1.0.0\n",
	})
	if !p.Go.Vendor {
		t.Fatal("vendor not detected")
	}
}

func TestGoNoGoSum(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":  "module example.com/v\n\ngo 1.23\n",
		"main.go": mainServe,
	})
	if p.Go.HasGoSum {
		t.Fatal("go.sum reported but absent")
	}
}

func TestGoPortSources(t *testing.T) {
	cases := map[string]struct {
		src  string
		port int
		line int
	}{
		"net.Listen":    {"package main\n\nimport \"net\"\n\nfunc main() {\n\tnet.Listen(\"tcp\", \":9090\")\n}\n", 9090, 6},
		"env fallback":  {"package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() {\n\tport := os.Getenv(\"PORT\")\n\tif port == \"\" {\n\t\tport = \"3000\"\n\t}\n\thttp.ListenAndServe(\":\"+port, nil)\n}\n", 3000, 11},
		"server struct": {"package main\n\nimport \"net/http\"\n\nfunc main() {\n\ts := &http.Server{Addr: \"0.0.0.0:7070\"}\n\ts.ListenAndServe()\n}\n", 7070, 6},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p := scanOne(t, map[string]string{"go.mod": "module example.com/p\n\ngo 1.23\n", "main.go": c.src})
			if p.Port == nil || *p.Port != c.port {
				t.Fatalf("port %v, want %d", p.Port, c.port)
			}
			wantEvidence(t, p, "port", "main.go", c.line)
		})
	}
}

func TestGoPortFromExistingDockerfile(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":     "module example.com/p\n\ngo 1.23\n",
		"main.go":    "package main\n\nfunc main() {}\n",
		"Dockerfile": "FROM scratch\nCOPY x /x\nEXPOSE 5000/tcp\n",
	})
	if p.Port == nil || *p.Port != 5000 {
		t.Fatalf("port %v", p.Port)
	}
	wantEvidence(t, p, "port", "Dockerfile", 3)
}

func TestGoPortUnknown(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":  "module example.com/p\n\ngo 1.23\n",
		"main.go": "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() {\n\thttp.ListenAndServe(os.Args[1], nil)\n}\n",
	})
	if p.Port != nil {
		t.Fatalf("port %d, want unknown", *p.Port)
	}
	if !strings.Contains(strings.Join(p.Warnings, "\n"), "port unknown") {
		t.Fatalf("warnings %v", p.Warnings)
	}
}

// A program that imports no networking package needs no port, and gets no
// warning about it.
func TestGoBatchJobHasNoPortWarning(t *testing.T) {
	p := scanOne(t, map[string]string{
		"go.mod":  "module example.com/p\n\ngo 1.23\n",
		"main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n",
	})
	if p.Port != nil || len(p.Warnings) != 0 {
		t.Fatalf("port %v, warnings %v", p.Port, p.Warnings)
	}
}

func TestGoSumNotNeededForLocalReplaces(t *testing.T) {
	r, err := Scan(mapFS(map[string]string{
		"go.work":     "go 1.23\n\nuse (\n\t./api\n\t./lib\n)\n",
		"api/go.mod":  "module example.com/api\n\ngo 1.23\n\nrequire (\n\texample.com/lib v0.0.0\n\texample.com/other v0.0.0\n)\n\nreplace example.com/other => ../other\n",
		"api/main.go": mainServe,
		"lib/go.mod":  "module example.com/lib\n\ngo 1.23\n",
		"lib/lib.go":  "package lib\n",
		"solo/go.mod": "module example.com/solo\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range r.Projects[0].Warnings {
		if strings.Contains(w, "go.sum") {
			t.Fatalf("go.sum warning for local modules only: %s", w)
		}
	}
	p := scanOne(t, map[string]string{
		"go.mod":  "module example.com/p\n\ngo 1.23\n\nrequire github.com/google/uuid v1.6.0\n",
		"main.go": mainServe,
	})
	if !strings.Contains(strings.Join(p.Warnings, "\n"), "no go.sum") {
		t.Fatalf("want the go.sum warning, got %v", p.Warnings)
	}
}

func TestGoRuntimeFiles(t *testing.T) {
	src := "package main\n\nimport (\n\t\"html/template\"\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() {\n\ttemplate.Must(template.ParseGlob(\"web/templates/*.html\"))\n\thttp.Handle(\"/s/\", http.FileServer(http.Dir(\"static\")))\n\tos.ReadFile(\"config.json\")\n\tos.ReadFile(\"/etc/hosts\")\n\tos.ReadFile(\"missing.txt\")\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"
	p := scanOne(t, map[string]string{
		"go.mod":                   "module example.com/p\n\ngo 1.23\n",
		"main.go":                  src,
		"web/templates/index.html": "<p>hi</p>",
		"static/app.css":           "body{}",
		"config.json":              "{}",
	})
	if got := strings.Join(p.RuntimeFiles, ","); got != "config.json,static,web/templates" {
		t.Fatalf("runtime files %q", got)
	}
}

func TestUnsupportedStack(t *testing.T) {
	_, err := Scan(mapFS(map[string]string{"mix.exs": "defmodule X do end\n", "lib/x.ex": ""}))
	var u *UnsupportedError
	if !errors.As(err, &u) {
		t.Fatalf("want UnsupportedError, got %v", err)
	}
	if !strings.Contains(err.Error(), "found Elixir (mix.exs); no template for it yet") {
		t.Fatalf("message %q", err)
	}
}

func TestNoMainPackage(t *testing.T) {
	_, err := Scan(mapFS(map[string]string{
		"go.mod": "module example.com/lib\n\ngo 1.23\n",
		"lib.go": "package lib\n",
	}))
	var nm *NoMainError
	if !errors.As(err, &nm) || !strings.Contains(err.Error(), "no main package") {
		t.Fatalf("want NoMainError, got %v", err)
	}
}

func TestNothingFound(t *testing.T) {
	_, err := Scan(mapFS(map[string]string{"README.md": "hi"}))
	var np *NoProjectError
	if !errors.As(err, &np) || !strings.Contains(err.Error(), "point it at the project's folder") {
		t.Fatalf("want NoProjectError saying what to do, got %v", err)
	}
}

func TestMalformedGoMod(t *testing.T) {
	_, err := Scan(mapFS(map[string]string{
		"go.mod":  "module example.com/x\n\ngo 1.23\nbogus directive here\n",
		"main.go": mainServe,
	}))
	var me *ManifestError
	if !errors.As(err, &me) || me.File != "go.mod" || me.Line != 4 {
		t.Fatalf("want ManifestError at go.mod:4, got %#v (%v)", err, err)
	}
}

func TestLanguagesFromEnry(t *testing.T) {
	r, err := Scan(mapFS(map[string]string{
		"go.mod":            "module example.com/x\n\ngo 1.23\n",
		"main.go":           mainServe + strings.Repeat("// pad\n", 100),
		"web/app.js":        "console.log(1)\n",
		"README.md":         strings.Repeat("doc ", 1000),
		"node_modules/x.js": strings.Repeat("x", 100000),
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Languages) != 2 || r.Languages[0].Name != "Go" || r.Languages[0].Percent < 90 || r.Languages[1].Name != "JavaScript" {
		t.Fatalf("languages %+v", r.Languages)
	}
}
