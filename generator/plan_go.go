package generator

import (
	"fmt"
	goversion "go/version"
	"path"
	"slices"
	"strings"
)

// Pinned images for the Go template. Dependabot and Renovate can update the
// rendered FROM lines; change them here for new defaults.
const (
	goAlpineImage    = "alpine:3.22"
	goSlimImage      = "debian:bookworm-slim"
	distrolessStatic = "gcr.io/distroless/static-debian12:nonroot"
	distrolessBase   = "gcr.io/distroless/base-debian12:nonroot"
)

func init() { planners["go"] = planGo }

// GoValues are the Go template's own values (".Go" in the template).
type GoValues struct {
	Package        string
	ModuleDir      string
	Binary         string
	CGO            bool
	Vendor         bool
	ManifestCopies []CopyStep
	Private        []string
	BuilderImage   string
	RuntimeImage   string
}

// CopyStep is one COPY of named sources to a destination folder.
type CopyStep struct {
	Sources []string
	Dest    string
}

func planGo(plan *Plan, o Options) error {
	p := plan.Project
	info := p.Go
	if info == nil {
		return inputErr("%s: not a Go module", displayPath(p.Path))
	}
	version := plan.Values["Version"].(string)
	if version == "" {
		return inputErr("%s: the Go version is unknown; add a go directive to go.mod or pass --version", displayPath(p.Path))
	}

	// go.mod's go line is a floor: an older Go refuses the module (from
	// Go 1.21 on, it fetches a newer toolchain mid-build instead, so the
	// image's Go is not the one that builds).
	if o.Version != "" && info.MinGo != "" && olderGo(o.Version, info.MinGo) {
		return inputErr("--version %s: %s says go %s, and an older Go refuses to build the module; pass --version %s or newer", o.Version, info.MinGoAt, info.MinGo, info.MinGo)
	}

	entry := p.Entrypoint
	if o.Entrypoint != "" {
		entry = o.Entrypoint
		if entry != "." && !strings.HasPrefix(entry, "./") {
			entry = "./" + entry
		}
		if err := checkRelPath("--entrypoint", strings.TrimPrefix(entry, "./")); err != nil && entry != "." {
			return err
		}
		if len(p.EntrypointCandidates) > 0 && !slices.Contains(p.EntrypointCandidates, path.Clean(entry)) && !slices.Contains(p.EntrypointCandidates, entry) {
			return inputErr("--entrypoint %s: no main package there; main packages: %s", entry, strings.Join(p.EntrypointCandidates, ", "))
		}
		plan.Reasons = append(plan.Reasons, "entry point "+entry+" from --entrypoint")
	}

	moduleDir := "."
	if info.Workspace != nil {
		moduleDir = relTo(info.Workspace.Root, p.Path)
	}
	pkg := "./" + path.Join(moduleDir, strings.TrimPrefix(entry, "./"))
	if pkg == "./." {
		pkg = "."
	}
	if err := checkRelPath("entry point", strings.TrimPrefix(pkg, "./")); err != nil && pkg != "." {
		return err
	}

	binary := plan.Values["AppName"].(string)
	if o.Name == "" && entry != p.Entrypoint {
		binary = sanitizeName(path.Base(entry))
		if binary == "" {
			binary = "app"
		}
	}

	g := GoValues{
		Package:   pkg,
		ModuleDir: moduleDir,
		Binary:    binary,
		CGO:       info.CGO,
		Vendor:    info.Vendor,
		Private:   slices.Clone(o.Private),
	}
	if info.CGO {
		plan.Reasons = append(plan.Reasons, "cgo on: "+info.CGOReason)
	}
	if len(g.Private) > 0 && !slices.Contains(plan.Secrets, "netrc") {
		plan.Secrets = append(plan.Secrets, "netrc")
		plan.Values["Secrets"] = plan.Secrets
		plan.Reasons = append(plan.Reasons, "private modules: the download step mounts the netrc build secret")
	}
	for _, id := range plan.Secrets {
		if id != "netrc" {
			return inputErr("--secret %s: the Go template mounts only the netrc secret (for private modules)", id)
		}
	}

	// Modules and sums copied before the download step.
	if info.Workspace == nil {
		src := []string{"go.mod"}
		if info.HasGoSum {
			src = append(src, "go.sum")
		}
		g.ManifestCopies = []CopyStep{{Sources: src, Dest: "./"}}
	} else {
		ws := info.Workspace
		root := []string{"go.work"}
		if ws.HasSum {
			root = append(root, "go.work.sum")
		}
		g.ManifestCopies = []CopyStep{{Sources: root, Dest: "./"}}
		for _, m := range ws.Modules {
			src := []string{path.Join(m, "go.mod")}
			if slices.Contains(ws.Sums, m) {
				src = append(src, path.Join(m, "go.sum"))
			}
			g.ManifestCopies = append(g.ManifestCopies, CopyStep{Sources: src, Dest: "./" + m + "/"})
		}
	}
	for _, c := range g.ManifestCopies {
		for _, s := range c.Sources {
			if err := checkRelPath("module path", s); err != nil {
				return err
			}
		}
	}

	switch plan.Runtime {
	case "alpine":
		g.BuilderImage = fmt.Sprintf("golang:%s-alpine", version)
		g.RuntimeImage = goAlpineImage
		plan.Values["User"] = "10001:10001"
	case "slim":
		g.BuilderImage = fmt.Sprintf("golang:%s-bookworm", version)
		g.RuntimeImage = goSlimImage
		plan.Values["User"] = "10001:10001"
	case "scratch":
		g.BuilderImage = fmt.Sprintf("golang:%s-bookworm", version)
		g.RuntimeImage = "scratch"
		plan.Values["User"] = "65532:65532"
	default: // distroless
		g.BuilderImage = fmt.Sprintf("golang:%s-bookworm", version)
		g.RuntimeImage = distrolessStatic
		if info.CGO {
			g.RuntimeImage = distrolessBase
		}
		plan.Values["User"] = "65532:65532"
	}

	files, keep, err := runtimeFiles(p.RuntimeFiles, o.Include, moduleDir)
	if err != nil {
		return err
	}
	plan.Values["RuntimeFiles"] = files
	plan.Values["KeepInContext"] = keep
	plan.Values["Go"] = g
	return nil
}

// runtimeFiles maps project-relative paths to context paths (From) and
// image paths under /app (To).
func runtimeFiles(detected, include []string, moduleDir string) ([]RuntimeFile, []string, error) {
	var out []RuntimeFile
	var keep []string
	seen := map[string]bool{}
	for _, f := range append(slices.Clone(detected), include...) {
		f = strings.TrimPrefix(path.Clean(f), "./")
		if seen[f] {
			continue
		}
		if err := checkRelPath("runtime file", f); err != nil {
			return nil, nil, err
		}
		if f == "." {
			return nil, nil, inputErr("runtime file %q: that is the whole project; name the files or folders the program reads", f)
		}
		seen[f] = true
		from := path.Join(moduleDir, f)
		out = append(out, RuntimeFile{From: from, To: "/app/" + f})
		keep = append(keep, from)
	}
	slices.SortFunc(out, func(a, b RuntimeFile) int { return strings.Compare(a.From, b.From) })
	slices.Sort(keep)
	return out, keep, nil
}

// olderGo reports whether image version v (1.N or 1.N.P) is older than
// min. A 1.N tag is the newest 1.N release, so it is compared as 1.N.
func olderGo(v, min string) bool {
	a, b := "go"+v, "go"+min
	if strings.Count(v, ".") < 2 {
		b = goversion.Lang(b)
	}
	return goversion.Compare(a, b) < 0
}

func relTo(base, p string) string {
	if base == "." || base == "" {
		return p
	}
	if p == base {
		return "."
	}
	return strings.TrimPrefix(p, base+"/")
}
