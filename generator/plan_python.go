package generator

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/stagecraft/stagecraft/detect"
)

// Pinned images and tool versions for the Python template. Dependabot and
// Renovate can update the rendered FROM lines and pins; change them here
// for new defaults. The supported Python minors live in detect.PythonVersions.
const (
	pythonDistrolessImage = "gcr.io/distroless/python3-debian12:nonroot"
	// The distroless image's interpreter (Debian 12's python3.11 package).
	pythonDistrolessBin = "/usr/bin/python3.11"
	uvImage             = "ghcr.io/astral-sh/uv:0.13.8"
	poetryVersion       = "2.5.1"
	pdmVersion          = "2.29.4"
	pipenvVersion       = "2026.10.3"
)

// System packages a native dependency needs: to build it, and to run it.
var pythonNativePackages = map[string]struct{ debBuild, debRun, apkBuild, apkRun []string }{
	"psycopg2": {
		debBuild: []string{"gcc", "libc6-dev", "libpq-dev"}, debRun: []string{"libpq5"},
		apkBuild: []string{"gcc", "musl-dev", "postgresql-dev"}, apkRun: []string{"libpq"},
	},
	"mysqlclient": {
		debBuild: []string{"gcc", "libc6-dev", "pkg-config", "default-libmysqlclient-dev"}, debRun: []string{"libmariadb3"},
		apkBuild: []string{"gcc", "musl-dev", "pkgconf", "mariadb-dev"}, apkRun: []string{"mariadb-connector-c"},
	},
}

// Build secrets the Python template mounts on its dependency steps.
var pythonSecrets = []string{"pip", "index-url", "netrc"}

func init() { planners["python"] = planPython }

// PythonValues are the Python template's own values (".Python" in the template).
type PythonValues struct {
	Manager        string
	BuilderImage   string
	RuntimeImage   string
	UvImage        string
	ToolVersion    string
	Minor          string // "3.12": the interpreter the build uses (uv's UV_PYTHON)
	Manifests      []CopyStep
	Requirements   string
	Dependencies   []string
	Lockfile       string
	NeedsSources   bool
	InstallProject bool
	Collectstatic  bool
	SrcDir         string
	// Relink points the venv at the runtime's interpreter (distroless).
	Relink        string
	BuildPackages []string
	RunPackages   []string
	Cmd           []string
	// Which secrets the dependency steps mount.
	PipConf, IndexURL, Netrc bool
}

var (
	pyEntrypointRe = regexp.MustCompile(`^(-m ?)?[A-Za-z0-9_./:()\-]+$`)
	// What a command may run, by kind: a module (pkg.mod), an application
	// object (pkg.mod:app or pkg.mod:create_app()), a console script name.
	// None starts with '-', so none reads as an option.
	pyModuleRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	pyAppRe    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\(\))?$`)
	pyScriptRe = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)
)

func planPython(plan *Plan, o Options) error {
	p := plan.Project
	info := p.Python
	if info == nil {
		return inputErr("%s: not a Python project", displayPath(p.Path))
	}
	if o.Name == "" {
		pythonAppName(plan, info.Name)
	}
	v := PythonValues{
		Manager:        info.Manager,
		Requirements:   info.Requirements,
		Dependencies:   slices.Clone(info.Dependencies),
		Lockfile:       info.Lockfile,
		NeedsSources:   info.NeedsSources,
		InstallProject: info.InstallProject,
		Collectstatic:  info.Collectstatic,
		SrcDir:         info.SrcDir,
	}

	// The interpreter version.
	version := plan.Values["Version"].(string)
	if version == "" {
		return inputErr("%s: no supported Python satisfies %s (supported: %s); pass --version", displayPath(p.Path), info.VersionSpec, supportedPython())
	}
	if !detect.PythonSupported(version) {
		return inputErr("Python %s: not a supported version (%s)", version, supportedPython())
	}
	minor := detect.PythonMinorOf(version)
	if o.Version != "" && len(info.Compatible) > 0 && !slices.Contains(info.Compatible, minor) {
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("--version %s overrides the project's %s", version, info.VersionSpec))
	}
	switch plan.Runtime {
	case "distroless":
		if minor != detect.DistrolessPython {
			if o.Version != "" || !slices.Contains(info.Compatible, detect.DistrolessPython) {
				return inputErr("--runtime distroless: gcr.io/distroless/python3-debian12 runs Debian 12's Python %s only, and this build needs Python %s; use --runtime slim", detect.DistrolessPython, version)
			}
			plan.notice("Python %s: distroless runs Debian 12's Python %s, which %s allows", detect.DistrolessPython, detect.DistrolessPython, orText(info.VersionSpec, "the project"))
			version = detect.DistrolessPython
		}
		minor = detect.DistrolessPython
		v.BuilderImage = fmt.Sprintf("python:%s-slim-bookworm", detect.DistrolessPython)
		v.RuntimeImage = pythonDistrolessImage
		v.Relink = pythonDistrolessBin
		plan.Values["User"] = "65532:65532"
	case "alpine":
		v.BuilderImage = fmt.Sprintf("python:%s-alpine", version)
		v.RuntimeImage = v.BuilderImage
		plan.Values["User"] = "10001:10001"
		plan.notice("alpine: manylinux wheels do not fit musl; dependencies without musllinux wheels compile from source and may need compilers in the build stage")
	default: // slim
		v.BuilderImage = fmt.Sprintf("python:%s-slim-bookworm", version)
		v.RuntimeImage = v.BuilderImage
		plan.Values["User"] = "10001:10001"
	}
	plan.Values["Version"] = version
	v.Minor = minor

	switch info.Manager {
	case "uv":
		v.UvImage = uvImage
	case "poetry":
		v.ToolVersion = poetryVersion
	case "pdm":
		v.ToolVersion = pdmVersion
	case "pipenv":
		v.ToolVersion = pipenvVersion
	}

	// Manifests copied before the dependency step, grouped by folder.
	manifests, err := copySteps("manifest", info.Manifests)
	if err != nil {
		return err
	}
	v.Manifests = manifests
	if v.Requirements != "" {
		if err := checkRelPath("requirements file", v.Requirements); err != nil {
			return err
		}
	}
	if v.SrcDir != "" {
		if err := checkRelPath("source folder", v.SrcDir); err != nil {
			return err
		}
	}

	// Native dependencies: a compiler and headers to build, the library to run.
	for _, d := range v.Dependencies {
		if d == "" || strings.HasPrefix(strings.TrimSpace(d), "-") || strings.ContainsAny(d, "\r\n\x00") {
			return inputErr("%s: dependency %q is not a requirement (PEP 508: a name, then extras, versions, markers)", displayPath(p.Path), d)
		}
	}
	for _, n := range info.Native {
		pk := pythonNativePackages[n]
		if plan.Runtime == "alpine" {
			v.BuildPackages = appendNew(v.BuildPackages, pk.apkBuild...)
			v.RunPackages = appendNew(v.RunPackages, pk.apkRun...)
		} else {
			v.BuildPackages = appendNew(v.BuildPackages, pk.debBuild...)
			v.RunPackages = appendNew(v.RunPackages, pk.debRun...)
		}
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("%s compiles against a system library: build packages %s, run-time packages %s", n, strings.Join(v.BuildPackages, " "), strings.Join(v.RunPackages, " ")))
	}

	// Secrets.
	for _, id := range plan.Secrets {
		switch id {
		case "pip":
			v.PipConf = true
		case "index-url":
			if info.Manager == "poetry" {
				return inputErr("--secret index-url: Poetry takes its sources from pyproject.toml, not PIP_INDEX_URL; pass their credentials with --secret netrc")
			}
			v.IndexURL = true
		case "netrc":
			v.Netrc = true
		default:
			return inputErr("--secret %s: the Python template mounts pip (a pip.conf), index-url (a file holding the index URL) or netrc", id)
		}
	}

	// The command.
	port := plan.Values["Port"].(int)
	if o.Entrypoint != "" {
		if !pyEntrypointRe.MatchString(o.Entrypoint) || strings.Contains(o.Entrypoint, "..") {
			return inputErr("--entrypoint %q: want module:object (served), a file.py, a package (python -m) or a console script", o.Entrypoint)
		}
		plan.Reasons = append(plan.Reasons, "entry point "+o.Entrypoint+" from --entrypoint")
	}
	cmd, kind, cmdPort, err := pythonCommand(p, o.Entrypoint, port)
	if err != nil {
		return err
	}
	if port == 0 && cmdPort != 0 {
		plan.Values["Port"] = cmdPort
	}
	v.Cmd = cmd
	// A console script exists only once the project is installed.
	if kind == "script" {
		if info.Manager == "none" {
			return inputErr("%s: console script %s needs the project installed, and it declares no build system or dependencies to install it with; run a module or file instead", displayPath(p.Path), cmd[0])
		}
		v.InstallProject = true
	}
	plan.Values["Python"] = v
	// The sources are copied whole; --include only makes sure the
	// .dockerignore does not drop a path the app reads. The runtime takes
	// /app from the build stage, where collectstatic may create it.
	plan.BuildOutputs = true
	keep := slices.Clone(info.Manifests)
	for _, inc := range o.Include {
		keep = appendNew(keep, strings.TrimPrefix(path.Clean(inc), "./"))
	}
	plan.Values["KeepInContext"] = keep
	return nil
}

// pythonCommand builds the CMD for the project's entry point (or the
// --entrypoint override), listening on port. It returns the port the
// command listens on when it picks one itself.
func pythonCommand(p detect.Project, override string, port int) (cmd []string, kind string, listen int, err error) {
	info := p.Python
	kind = info.Kind
	server, app, target := info.Server, info.App, info.Target
	if override != "" {
		override = strings.TrimPrefix(override, "./")
		switch {
		case strings.HasPrefix(override, "-m "), strings.HasPrefix(override, "-m"):
			kind, target = "module", strings.TrimSpace(strings.TrimPrefix(override, "-m"))
		case strings.Contains(override, ":"):
			kind, app = "server", override
			if server == "" {
				server = firstInstalled(info.Installed, "uvicorn", "gunicorn", "hypercorn", "daphne", "waitress")
			}
			if server == "" {
				return nil, kind, 0, inputErr("--entrypoint %s: an application object needs a server, and none is a dependency: add gunicorn (WSGI) or uvicorn (ASGI)", override)
			}
		case strings.HasSuffix(override, ".py"):
			kind, target = "file", override
		case slices.Contains(p.EntrypointCandidates, override) && !strings.Contains(override, "."):
			kind, target = "script", override
		default:
			kind, target = "module", override
		}
	}
	if err := checkPyTarget(kind, app, target); err != nil {
		return nil, kind, 0, err
	}
	p0 := port
	if p0 == 0 {
		p0 = 8000
	}
	ps := strconv.Itoa(p0)
	switch kind {
	case "server":
		switch server {
		case "uvicorn":
			return []string{"uvicorn", app, "--host", "0.0.0.0", "--port", ps}, kind, p0, nil
		case "hypercorn":
			return []string{"hypercorn", "--bind", "0.0.0.0:" + ps, app}, kind, p0, nil
		case "daphne":
			return []string{"daphne", "--bind", "0.0.0.0", "--port", ps, app}, kind, p0, nil
		case "waitress":
			if strings.HasSuffix(app, "()") {
				return []string{"waitress-serve", "--listen=0.0.0.0:" + ps, "--call", strings.TrimSuffix(app, "()")}, kind, p0, nil
			}
			return []string{"waitress-serve", "--listen=0.0.0.0:" + ps, app}, kind, p0, nil
		default:
			return []string{"gunicorn", "--bind", "0.0.0.0:" + ps, app}, kind, p0, nil
		}
	case "flask-cli":
		if port == 0 {
			ps = "5000"
			p0 = 5000
		}
		return []string{"flask", "--app", app, "run", "--host", "0.0.0.0", "--port", ps}, kind, p0, nil
	case "django-runserver":
		return []string{"python", "manage.py", "runserver", "0.0.0.0:" + ps}, kind, p0, nil
	case "script":
		return []string{target}, kind, 0, nil
	case "module":
		return []string{"python", "-m", target}, kind, 0, nil
	case "file":
		return []string{"python", target}, kind, 0, nil
	case "unserved":
		return nil, kind, 0, inputErr("%s: %s is an ASGI application but no ASGI server is a dependency; add uvicorn to the project's dependencies (or pass --entrypoint)", displayPath(p.Path), app)
	}
	return nil, kind, 0, inputErr("%s: no entry point found (no app object, console script, __main__.py, or main.py/app.py/server.py with `if __name__ == \"__main__\":`); pass --entrypoint", displayPath(p.Path))
}

// checkPyTarget validates what the command runs for its kind: these land
// in the CMD as arguments of python, a server or the script itself.
func checkPyTarget(kind, app, target string) error {
	switch kind {
	case "server", "flask-cli", "unserved":
		if !pyAppRe.MatchString(app) {
			return inputErr("application %q: want module:object such as app.main:app or pkg.web:create_app()", app)
		}
	case "module":
		if !pyModuleRe.MatchString(target) {
			return inputErr("module %q: want a dotted module name such as app.main", target)
		}
	case "file":
		if err := checkRelPath("entry file", target); err != nil {
			return err
		}
	case "script":
		if !pyScriptRe.MatchString(target) {
			return inputErr("console script %q: want a name of letters, digits, . _ - (not starting with -)", target)
		}
	}
	return nil
}

func firstInstalled(installed []string, names ...string) string {
	for _, n := range names {
		if slices.Contains(installed, n) {
			return n
		}
	}
	return ""
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

func supportedPython() string {
	out := make([]string, 0, len(detect.PythonVersions))
	for _, m := range detect.PythonVersions {
		out = append(out, m.Version)
	}
	return strings.Join(out, ", ")
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// pythonAppName names the image after the project ([project] name, else
// its folder, else "app") rather than after the entry module.
func pythonAppName(plan *Plan, projectName string) {
	p := plan.Project
	name := sanitizeName(projectName)
	if name == "" && p.Path != "." {
		name = sanitizeName(path.Base(p.Path))
	}
	if name == "" {
		name = "app"
	}
	old := plan.Values["AppName"].(string)
	plan.Values["AppName"] = name
	labels := plan.Values["Labels"].([]Label)
	for i, l := range labels {
		if l.Key == "org.opencontainers.image.title" && l.Value == old {
			labels[i].Value = name
		}
	}
}
