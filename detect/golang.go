package detect

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
)

func init() {
	register(detector{stack: "go", priority: 10, manifests: []string{"go.mod", "go.work"}, detect: detectGo})
}

// GoInfo is what the Go template needs beyond the common fields.
type GoInfo struct {
	Module   string `json:"module"`
	HasGoSum bool   `json:"has_go_sum"`
	Vendor   bool   `json:"vendor"`
	CGO      bool   `json:"cgo"`
	// CGOReason names the file or dependency that needs cgo.
	CGOReason string `json:"cgo_reason,omitempty"`
	// Workspace is set for a module built from a go.work workspace root.
	Workspace *GoWorkspace `json:"workspace,omitempty"`
	// MinGo is go.mod's go line: the oldest Go that builds the module.
	// MinGoAt is where it says so (go.mod:3).
	MinGo   string `json:"min_go,omitempty"`
	MinGoAt string `json:"-"`
}

// GoWorkspace describes the go.work the module belongs to. Paths are
// relative to the workspace root, which is the build context.
type GoWorkspace struct {
	Root    string   `json:"root"`
	Modules []string `json:"modules"`
	// Paths are the module paths of Modules, for requirements the
	// workspace provides.
	Paths []string `json:"module_paths,omitempty"`
	// Sums lists the modules that have a go.sum.
	Sums   []string `json:"modules_with_go_sum"`
	HasSum bool     `json:"has_go_work_sum"`
}

// Modules that cannot be built without cgo.
var cgoModules = map[string]string{
	"github.com/mattn/go-sqlite3":                   "SQLite through C",
	"github.com/confluentinc/confluent-kafka-go":    "librdkafka",
	"github.com/confluentinc/confluent-kafka-go/v2": "librdkafka",
	"gopkg.in/gographics/imagick.v3":                "ImageMagick",
	"github.com/linxGnu/grocksdb":                   "RocksDB",
	"github.com/tecbot/gorocksdb":                   "RocksDB",
	"github.com/go-gl/glfw/v3.3/glfw":               "GLFW",
	"github.com/google/gopacket/pcap":               "libpcap",
}

func detectGo(s *scan, dir string) ([]Project, error) {
	if s.ix.has(join(dir, "go.work")) && !s.ix.has(join(dir, "go.mod")) {
		return detectGoWork(s, dir)
	}
	if !s.ix.has(join(dir, "go.mod")) {
		return nil, nil
	}
	p, err := detectGoModule(s, dir, nil)
	if err != nil {
		return nil, err
	}
	return []Project{p}, nil
}

// detectGoWork makes every module a go.work uses a project of its own, built
// from the workspace root because modules import each other.
func detectGoWork(s *scan, dir string) ([]Project, error) {
	file := join(dir, "go.work")
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return nil, s.ix.unreadable(file)
	}
	wf, err := modfile.ParseWork(file, dt, nil)
	if err != nil {
		return nil, manifestErr(file, err)
	}
	ws := &GoWorkspace{Root: dir, HasSum: s.ix.has(join(dir, "go.work.sum"))}
	for _, u := range wf.Use {
		mod := path.Clean(strings.TrimPrefix(u.Path, "./"))
		if strings.HasPrefix(mod, "..") || path.IsAbs(mod) {
			s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s:%d: module %s is outside the workspace folder; not built", file, u.Syntax.Start.Line, u.Path))
			continue
		}
		ws.Modules = append(ws.Modules, mod)
		if dt, ok := s.ix.readManifest(join(dir, mod, "go.mod")); ok {
			if mp := modfile.ModulePath(dt); mp != "" {
				ws.Paths = append(ws.Paths, mp)
			}
		}
		if s.ix.has(join(dir, mod, "go.sum")) {
			ws.Sums = append(ws.Sums, mod)
		}
	}
	sort.Strings(ws.Modules)
	var projects []Project
	var firstErr error
	for _, mod := range ws.Modules {
		p, err := detectGoModule(s, join(dir, mod), ws)
		if err != nil {
			var nm *NoMainError
			if asErr(err, &nm) {
				s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s: library module (no main package); built as a dependency only", join(dir, mod)))
				continue
			}
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if wf.Go != nil && p.LanguageVersion == "" {
			p.LanguageVersion = wf.Go.Version
		}
		projects = append(projects, p)
	}
	if len(projects) == 0 && firstErr != nil {
		return nil, firstErr
	}
	if len(projects) == 0 {
		return nil, &NoMainError{Module: "in " + file, Dir: dir}
	}
	// The workspace's toolchain line wins for every module built from it.
	if wf.Toolchain != nil {
		for i := range projects {
			v := strings.TrimPrefix(wf.Toolchain.Name, "go")
			projects[i].LanguageVersion = v
			replaceEvidence(&projects[i], Evidence{Field: "language_version", File: file, Line: wf.Toolchain.Syntax.Start.Line, Detail: "toolchain " + wf.Toolchain.Name})
		}
	}
	return projects, nil
}

func detectGoModule(s *scan, dir string, ws *GoWorkspace) (Project, error) {
	file := join(dir, "go.mod")
	p := Project{Path: dir, Stack: "go", PackageManager: "go", Context: dir}
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return p, s.ix.unreadable(file)
	}
	mf, err := modfile.Parse(file, dt, nil)
	if err != nil {
		return p, manifestErr(file, err)
	}
	if mf.Module == nil {
		return p, &ManifestError{File: file, Err: fmt.Errorf("no module directive; add `module example.com/yourapp`")}
	}
	info := &GoInfo{Module: mf.Module.Mod.Path, Workspace: ws}
	p.Go = info
	if ws != nil {
		p.Context = ws.Root
	}

	if mf.Go != nil {
		info.MinGo = mf.Go.Version
		info.MinGoAt = fmt.Sprintf("%s:%d", file, mf.Go.Syntax.Start.Line)
	}
	switch {
	case mf.Toolchain != nil:
		p.LanguageVersion = strings.TrimPrefix(mf.Toolchain.Name, "go")
		p.addEvidence("language_version", file, mf.Toolchain.Syntax.Start.Line, "toolchain "+mf.Toolchain.Name)
	case mf.Go != nil:
		p.LanguageVersion = mf.Go.Version
		p.addEvidence("language_version", file, mf.Go.Syntax.Start.Line, "go "+mf.Go.Version)
	default:
		p.warn("%s has no go directive; the build image's Go version is a guess", file)
	}
	if p.LanguageVersion != "" && !validGoVersion(p.LanguageVersion) {
		return p, &ManifestError{File: file, Err: fmt.Errorf("Go version %q is not of the form 1.N or 1.N.P", p.LanguageVersion)}
	}

	info.HasGoSum = s.ix.has(join(dir, "go.sum"))
	if !info.HasGoSum && needsGoSum(mf, ws) {
		p.warn("%s requires modules but there is no go.sum; run `go mod tidy` and commit go.sum", file)
	}
	if s.ix.exists(join(dir, "vendor/modules.txt")) {
		info.Vendor = true
		p.PackageManager = "go (vendor)"
		p.addEvidence("package_manager", join(dir, "vendor/modules.txt"), 0, "vendored modules: build with -mod=vendor, no download step")
	}
	for _, r := range mf.Require {
		if why, ok := cgoModules[r.Mod.Path]; ok && !info.CGO {
			info.CGO = true
			info.CGOReason = fmt.Sprintf("%s (%s) needs cgo", r.Mod.Path, why)
			p.addEvidence("cgo", file, r.Syntax.Start.Line, info.CGOReason)
		}
	}

	pkgs := scanGoPackages(s, dir)
	if !info.CGO {
		for _, pkg := range pkgs {
			if pkg.cgoFile != "" {
				info.CGO = true
				info.CGOReason = fmt.Sprintf("%s imports \"C\"", pkg.cgoFile)
				p.addEvidence("cgo", pkg.cgoFile, pkg.cgoLine, `import "C"`)
				break
			}
		}
	}

	main, candidates, why := chooseMain(pkgs, info.Module)
	if main == nil {
		return p, &NoMainError{Module: info.Module, Dir: dir}
	}
	p.Entrypoint = main.rel
	for _, c := range candidates {
		p.EntrypointCandidates = append(p.EntrypointCandidates, c.rel)
	}
	p.addEvidence("entrypoint", main.files[0], main.line, why)
	if len(candidates) > 1 {
		others := make([]string, 0, len(candidates)-1)
		for _, c := range candidates[1:] {
			others = append(others, c.rel)
		}
		p.warn("several main packages; building %s (%s). Others: %s — pick one with --entrypoint", main.rel, why, strings.Join(others, ", "))
	}

	goPort(s, &p, main, pkgs)
	goRuntimeFiles(s, &p, main)
	goRuntimes(&p)
	return p, nil
}

// goRuntimes decides which runtimes the build can run on, and why not the others.
func goRuntimes(p *Project) {
	if p.Go.CGO {
		p.Runtimes = []string{"distroless", "slim", "alpine"}
		p.RuntimesExcluded = []ExcludedRuntime{{Runtime: "scratch", Reason: "needs a static binary; this build uses cgo (" + p.Go.CGOReason + ")"}}
		return
	}
	p.Runtimes = []string{"distroless", "scratch", "alpine", "slim"}
}

func replaceEvidence(p *Project, e Evidence) {
	for i := range p.Evidence {
		if p.Evidence[i].Field == e.Field {
			p.Evidence[i] = e
			return
		}
	}
	p.Evidence = append(p.Evidence, e)
}

func validGoVersion(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) < 2 || len(parts) > 3 || parts[0] != "1" {
		return false
	}
	for i, part := range parts {
		if part == "" {
			return false
		}
		// The last part may carry a pre-release suffix: 1.23rc1.
		for j, r := range part {
			if r < '0' || r > '9' {
				if i == len(parts)-1 && j > 0 && (strings.HasPrefix(part[j:], "rc") || strings.HasPrefix(part[j:], "beta")) {
					break
				}
				return false
			}
		}
	}
	return true
}

func manifestErr(file string, err error) error {
	var list modfile.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return &ManifestError{File: file, Line: list[0].Pos.Line, Err: list[0].Err}
	}
	return &ManifestError{File: file, Err: err}
}

// needsGoSum reports whether a module requires anything fetched from a
// module proxy: requirements replaced by a local folder, or provided by the
// workspace, have no checksums.
func needsGoSum(mf *modfile.File, ws *GoWorkspace) bool {
	local := map[string]bool{}
	for _, r := range mf.Replace {
		if r.New.Version == "" {
			local[r.Old.Path] = true
		}
	}
	for _, r := range mf.Require {
		if !local[r.Mod.Path] && (ws == nil || !ws.provides(r.Mod.Path)) {
			return true
		}
	}
	return false
}

func (ws *GoWorkspace) provides(module string) bool {
	for _, p := range ws.Paths {
		if p == module {
			return true
		}
	}
	return false
}
