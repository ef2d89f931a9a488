package detect

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
)

// Servers by the interface they serve, preferred first.
var (
	asgiServers = []string{"uvicorn", "hypercorn", "daphne"}
	wsgiServers = []string{"gunicorn", "waitress"}
)

// Default ports: what each way of running listens on when the project's
// sources name no port.
const (
	pyServerPort = 8000
	flaskDevPort = 5000
)

// maxPyScan bounds how many Python files entry-point discovery reads.
const maxPyScan = 400

// pyFile is one scanned Python source file.
type pyFile struct {
	path   string // tree path
	rel    string // relative to the project
	module string // import path ("" when not importable)
	m      *pyModule
}

// module scans one file (cached per detection).
func (d *pyDetect) module(file string) *pyModule {
	src, ok := d.s.ix.readSource(file)
	if !ok {
		return nil
	}
	return scanPython(string(src))
}

// sources lists the project's Python files worth scanning for an app: not
// tests, migrations, fixtures, docs or nested projects, shallow first.
func (d *pyDetect) sources() []pyFile {
	var out []pyFile
	for _, f := range d.s.ix.under(d.dir) {
		if !strings.HasSuffix(f.path, ".py") {
			continue
		}
		r := rel(d.dir, f.path)
		if skipPySource(r) {
			continue
		}
		out = append(out, pyFile{path: f.path, rel: r})
	}
	sort.SliceStable(out, func(i, j int) bool {
		di, dj := strings.Count(out[i].rel, "/"), strings.Count(out[j].rel, "/")
		if di != dj {
			return di < dj
		}
		return out[i].rel < out[j].rel
	})
	if len(out) > maxPyScan {
		d.p.warn("%d Python files; entry-point discovery read the %d shallowest", len(out), maxPyScan)
		out = out[:maxPyScan]
	}
	for i := range out {
		out[i].module = d.importPath(out[i].rel)
	}
	return out
}

func skipPySource(r string) bool {
	base := path.Base(r)
	if base == "setup.py" || base == "conftest.py" || base == "noxfile.py" || strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") {
		return true
	}
	dir := path.Dir(r)
	if dir == "." {
		return false
	}
	for _, part := range strings.Split(dir, "/") {
		switch part {
		case "tests", "test", "migrations", "docs", "doc", "examples", "scripts", "testdata", "fixtures", "node_modules", "site-packages":
			return true
		}
		if strings.HasPrefix(part, ".") || strings.HasPrefix(part, "_") && part != "__pycache__" {
			return true
		}
	}
	return false
}

// importPath is the module a file is imported as: src/acme/api.py →
// acme.api (src layout), app/__init__.py → app. "" when a part is not an
// identifier, so no import can name it.
func (d *pyDetect) importPath(r string) string {
	r = strings.TrimSuffix(r, ".py")
	if strings.HasPrefix(r, "src/") && d.srcLayout() {
		r = strings.TrimPrefix(r, "src/")
	}
	r = strings.TrimSuffix(r, "/__init__")
	parts := strings.Split(r, "/")
	for _, p := range parts {
		if !isPyIdent(p) {
			return ""
		}
	}
	return strings.Join(parts, ".")
}

// srcLayout: the importable packages live under src/.
func (d *pyDetect) srcLayout() bool {
	for _, f := range d.s.ix.under(d.file("src")) {
		if strings.HasSuffix(f.path, ".py") {
			return true
		}
	}
	return false
}

func isPyIdent(s string) bool {
	if s == "" || pyKeywords[s] {
		return false
	}
	for i, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' || r > 127 {
			continue
		}
		return false
	}
	return true
}

func (d *pyDetect) hasDep(name string) bool { return slices.Contains(d.info.Installed, name) }

// declaredAt is the evidence location of a declared dependency.
func (d *pyDetect) declaredAt(name string) (string, int) {
	for _, r := range d.declared {
		if r.Name == name {
			return r.File, r.Line
		}
	}
	if d.info.Lockfile != "" {
		f := d.file(d.info.Lockfile)
		if dt, ok := d.s.ix.readManifest(f); ok {
			return f, stringsLine(dt, `"`+name+`"`)
		}
		return f, 0
	}
	return d.declaredFrom, 0
}

// entry finds the framework, the application object, the server and the port.
func (d *pyDetect) entry() error {
	p, info := &d.p, d.info
	if d.srcLayout() {
		info.SrcDir = "src"
	}
	// Framework, from the declared dependency names.
	framework := ""
	for _, fw := range []string{"django", "fastapi", "starlette", "flask"} {
		if !d.hasDep(fw) {
			continue
		}
		if fw == "django" && !d.has("manage.py") {
			d.p.warn("django is a dependency but there is no manage.py in %s; not treated as a Django project", displayDir(d.dir))
			continue
		}
		framework = fw
		file, line := d.declaredAt(fw)
		p.addEvidence("framework", file, line, fw+" is a dependency")
		break
	}
	p.Framework = framework
	for _, s := range append(slices.Clone(asgiServers), wsgiServers...) {
		if d.hasDep(s) {
			file, line := d.declaredAt(s)
			p.addEvidence("server", file, line, s+" is installed")
		}
	}

	srcs := d.sources()
	for i := range srcs {
		srcs[i].m = d.module(srcs[i].path)
	}
	var err error
	switch framework {
	case "django":
		err = d.djangoEntry(srcs)
	case "fastapi", "starlette":
		d.asgiEntry(srcs, framework)
	case "flask":
		d.flaskEntry(srcs)
	}
	if err != nil {
		return err
	}
	if info.Kind == "" {
		d.plainEntry(srcs)
	}
	if p.Entrypoint != "" {
		// The chosen entry point first, then the others.
		cands := []string{p.Entrypoint}
		for _, c := range p.EntrypointCandidates {
			if c != p.Entrypoint {
				cands = append(cands, c)
			}
		}
		p.EntrypointCandidates = cands
	}
	if info.Kind == "" {
		p.warn("no entry point found (no app object, console script, __main__.py, or main.py/app.py/server.py with `if __name__ == \"__main__\":`); pass --entrypoint")
		return nil
	}
	d.port(srcs)
	return nil
}

// appCandidate is a module-scope `X = Framework(...)` or an app factory.
type appCandidate struct {
	file    pyFile
	target  string
	line    int
	factory bool
}

func (c appCandidate) app() string {
	if c.factory {
		return c.file.module + ":" + c.target + "()"
	}
	return c.file.module + ":" + c.target
}

// findApps lists module-scope assignments whose callee's last part is one
// of classes, best first: top-level (not inside if/try) before nested,
// conventional names (app, application, api) first, shallow files first.
func findApps(srcs []pyFile, classes ...string) []appCandidate {
	type scored struct {
		appCandidate
		score int
	}
	var all []scored
	for _, f := range srcs {
		if f.m == nil || f.module == "" {
			continue
		}
		for _, c := range f.m.calls {
			last := c.callee[strings.LastIndexByte(c.callee, '.')+1:]
			if !slices.Contains(classes, last) {
				continue
			}
			score := 0
			switch c.target {
			case "app", "application":
				score += 2
			case "api":
				score++
			}
			switch path.Base(f.rel) {
			case "main.py", "app.py", "asgi.py", "wsgi.py", "server.py", "api.py", "__init__.py":
				score++
			}
			all = append(all, scored{appCandidate{file: f, target: c.target, line: c.line}, score})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	out := make([]appCandidate, 0, len(all))
	for _, s := range all {
		out = append(out, s.appCandidate)
	}
	return out
}

func (d *pyDetect) setServer(app, why, file string, line int, servers []string) bool {
	for _, s := range servers {
		if d.hasDep(s) {
			d.info.Kind, d.info.Server, d.info.App = "server", s, app
			d.p.Entrypoint = app
			d.p.addEvidence("entrypoint", file, line, why+"; served by "+s)
			return true
		}
	}
	return false
}

func (d *pyDetect) candidates(apps []appCandidate) {
	for _, a := range apps {
		if !slices.Contains(d.p.EntrypointCandidates, a.app()) {
			d.p.EntrypointCandidates = append(d.p.EntrypointCandidates, a.app())
		}
	}
	if len(apps) > 1 {
		var others []string
		for _, a := range apps[1:] {
			others = append(others, fmt.Sprintf("%s (%s:%d)", a.app(), a.file.path, a.line))
		}
		d.p.warn("several application objects; serving %s. Others: %s — pick one with --entrypoint", apps[0].app(), strings.Join(others, ", "))
	}
}

func (d *pyDetect) asgiEntry(srcs []pyFile, framework string) {
	classes := []string{"FastAPI"}
	if framework == "starlette" {
		classes = []string{"Starlette"}
	}
	apps := findApps(srcs, classes...)
	if len(apps) == 0 {
		d.p.warn("%s is a dependency but no module assigns `app = %s(...)` at module level; pass --entrypoint module:object", framework, classes[0])
		return
	}
	d.candidates(apps)
	a := apps[0]
	why := fmt.Sprintf("%s = %s(...) in %s", a.target, classes[0], a.file.rel)
	if d.setServer(a.app(), why, a.file.path, a.line, asgiServers) {
		return
	}
	// No ASGI server installed: say what to add instead of a command that
	// fails when the container starts.
	d.p.Entrypoint = a.app()
	d.info.App = a.app()
	d.info.Kind = "unserved"
	d.p.addEvidence("entrypoint", a.file.path, a.line, why)
	d.p.warn("%s serves ASGI but no ASGI server is a dependency: add uvicorn (e.g. `uvicorn>=0.30` to %s) and generate again", a.app(), d.manifestHint())
}

func (d *pyDetect) manifestHint() string {
	switch {
	case d.info.Requirements != "":
		return d.info.Requirements
	case d.info.Manager == "pipenv":
		return "Pipfile [packages]"
	case d.pyproject != nil && d.pyproject.Project != nil:
		return "[project] dependencies in pyproject.toml"
	case d.pyproject != nil && d.pyproject.Tool.Poetry != nil:
		return "[tool.poetry.dependencies]"
	}
	return "requirements.txt"
}

func (d *pyDetect) flaskEntry(srcs []pyFile) {
	apps := findApps(srcs, "Flask")
	// App factories: def create_app / make_app in a module that imports flask.
	for _, f := range srcs {
		if f.m == nil || f.module == "" || !importsModule(f.m, "flask") {
			continue
		}
		for _, name := range []string{"create_app", "make_app"} {
			if line, ok := f.m.defs[name]; ok {
				apps = append(apps, appCandidate{file: f, target: name, line: line, factory: true})
			}
		}
	}
	if len(apps) == 0 {
		d.p.warn("flask is a dependency but no module assigns `app = Flask(__name__)` or defines create_app(); pass --entrypoint module:object")
		return
	}
	d.candidates(apps)
	a := apps[0]
	why := fmt.Sprintf("%s = Flask(...) in %s", a.target, a.file.rel)
	if a.factory {
		why = fmt.Sprintf("app factory %s() in %s", a.target, a.file.rel)
	}
	if d.setServer(a.app(), why, a.file.path, a.line, wsgiServers) {
		return
	}
	// No WSGI server: Flask's own server runs, with a warning.
	d.info.Kind, d.info.App = "flask-cli", a.app()
	d.p.Entrypoint = a.app()
	d.p.addEvidence("entrypoint", a.file.path, a.line, why+"; run with `flask run` (no WSGI server installed)")
	d.p.warn("no WSGI server is a dependency, so the image runs Flask's development server: add gunicorn (e.g. `gunicorn>=23` to %s) and generate again", d.manifestHint())
}

func importsModule(m *pyModule, mod string) bool {
	for _, st := range m.stmts {
		t := st.toks
		if len(t) < 2 || t[0].kind != pyName || (t[0].text != "import" && t[0].text != "from") {
			continue
		}
		for _, tok := range t[1:] {
			if tok.kind == pyName && tok.text == mod {
				return true
			}
		}
	}
	return false
}

// djangoEntry finds the settings module from manage.py, then
// WSGI_APPLICATION / ASGI_APPLICATION / STATIC_ROOT in it.
func (d *pyDetect) djangoEntry(srcs []pyFile) error {
	manage := d.file("manage.py")
	mm := d.module(manage)
	settingsMod, settingsLine := "", 0
	if mm != nil {
		for _, c := range mm.callsNamed("setdefault") {
			if len(c.args) == 2 && len(c.args[0]) == 1 && c.args[0][0].str == "DJANGO_SETTINGS_MODULE" && len(c.args[1]) == 1 && c.args[1][0].strOK {
				settingsMod, settingsLine = c.args[1][0].str, c.line
				break
			}
		}
	}
	if settingsMod == "" {
		d.p.warn("%s does not set DJANGO_SETTINGS_MODULE; looking for settings.py", manage)
		for _, f := range srcs {
			if path.Base(f.rel) == "settings.py" && f.module != "" {
				settingsMod = f.module
				break
			}
		}
		if settingsMod == "" {
			return &ManifestError{File: manage, Err: fmt.Errorf("no DJANGO_SETTINGS_MODULE and no settings.py found; set it in manage.py")}
		}
	} else {
		d.p.addEvidence("django_settings", manage, settingsLine, "DJANGO_SETTINGS_MODULE="+settingsMod)
	}
	// The settings file, or the settings package's files; settings split
	// into a package (config.settings.production) keep the shared values in
	// base.py or __init__.py beside it.
	base := strings.ReplaceAll(settingsMod, ".", "/")
	var settingsFiles []string
	addSettings := func(f string) {
		if d.s.ix.has(f) && !slices.Contains(settingsFiles, f) {
			settingsFiles = append(settingsFiles, f)
		}
	}
	for _, prefix := range []string{"", "src/"} {
		addSettings(d.file(prefix + base + ".py"))
		for _, n := range []string{"__init__", "base", "common", "production", "prod"} {
			addSettings(d.file(prefix + base + "/" + n + ".py"))
		}
		if len(settingsFiles) > 0 {
			if f := settingsFiles[0]; !strings.HasSuffix(f, "/__init__.py") {
				for _, n := range []string{"base", "common", "__init__"} {
					addSettings(path.Join(path.Dir(f), n+".py"))
				}
			}
			break
		}
	}
	var wsgi, asgi pyStrAssign
	var wsgiFile, asgiFile string
	staticRoot, staticFile := 0, ""
	for _, f := range settingsFiles {
		m := d.module(f)
		if m == nil {
			continue
		}
		if v, ok := m.strings["WSGI_APPLICATION"]; ok && wsgi.value == "" {
			wsgi, wsgiFile = v, f
		}
		if v, ok := m.strings["ASGI_APPLICATION"]; ok && asgi.value == "" {
			asgi, asgiFile = v, f
		}
		if line, ok := m.assigned["STATIC_ROOT"]; ok && staticRoot == 0 && !assignedNone(m, "STATIC_ROOT") {
			staticRoot, staticFile = line, f
		}
	}
	if staticRoot > 0 {
		d.info.Collectstatic = true
		d.p.addEvidence("collectstatic", staticFile, staticRoot, "STATIC_ROOT is set: collectstatic runs in the build stage")
	}
	// The project package: settings' parent (mysite.settings → mysite;
	// config.settings.production → config).
	parts := strings.Split(settingsMod, ".")
	pkg := strings.Join(parts[:len(parts)-1], ".")
	if len(parts) >= 3 && parts[len(parts)-2] == "settings" {
		pkg = strings.Join(parts[:len(parts)-2], ".")
	}
	besideFile := func(name string) (string, bool) {
		for _, prefix := range []string{"", "src/"} {
			f := d.file(prefix + strings.ReplaceAll(pkg, ".", "/") + "/" + name + ".py")
			if d.s.ix.has(f) {
				return f, true
			}
		}
		return "", false
	}
	dotted := func(v string) string { // mysite.wsgi.application → mysite.wsgi:application
		if i := strings.LastIndexByte(v, '.'); i >= 0 {
			return v[:i] + ":" + v[i+1:]
		}
		return v
	}
	wsgiApp, wsgiWhy, wsgiAt, wsgiLine := "", "", "", 0
	if wsgi.value != "" {
		wsgiApp, wsgiWhy, wsgiAt, wsgiLine = dotted(wsgi.value), "WSGI_APPLICATION = "+wsgi.value, wsgiFile, wsgi.line
	} else if f, ok := besideFile("wsgi"); ok {
		wsgiApp, wsgiWhy, wsgiAt = pkg+".wsgi:application", "wsgi.py beside the settings", f
	}
	asgiApp, asgiWhy, asgiAt, asgiLine := "", "", "", 0
	if asgi.value != "" {
		asgiApp, asgiWhy, asgiAt, asgiLine = dotted(asgi.value), "ASGI_APPLICATION = "+asgi.value, asgiFile, asgi.line
	} else if f, ok := besideFile("asgi"); ok {
		asgiApp, asgiWhy, asgiAt = pkg+".asgi:application", "asgi.py beside the settings", f
	}
	if asgiApp != "" {
		d.p.EntrypointCandidates = append(d.p.EntrypointCandidates, asgiApp)
	}
	if wsgiApp != "" {
		d.p.EntrypointCandidates = append(d.p.EntrypointCandidates, wsgiApp)
	}
	// ASGI when the settings ask for it (Channels) or only an ASGI server is
	// installed; else WSGI behind gunicorn.
	if asgi.value != "" && d.setServer(asgiApp, asgiWhy, asgiAt, asgiLine, asgiServers) {
		return nil
	}
	if wsgiApp != "" && d.setServer(wsgiApp, wsgiWhy, wsgiAt, wsgiLine, wsgiServers) {
		return nil
	}
	if asgiApp != "" && d.setServer(asgiApp, asgiWhy, asgiAt, asgiLine, asgiServers) {
		return nil
	}
	if wsgiApp == "" && asgiApp == "" {
		return &ManifestError{File: manage, Err: fmt.Errorf("no WSGI_APPLICATION/ASGI_APPLICATION in %s and no wsgi.py/asgi.py beside it", settingsFiles[0])}
	}
	d.info.Kind, d.info.Target = "django-runserver", "manage.py"
	d.p.Entrypoint = "manage.py runserver"
	d.p.addEvidence("entrypoint", manage, 0, "no WSGI/ASGI server installed: Django's development server")
	d.p.warn("no WSGI server is a dependency, so the image runs `manage.py runserver`, Django's development server: add gunicorn (e.g. `gunicorn>=23` to %s) and generate again", d.manifestHint())
	return nil
}

func assignedNone(m *pyModule, name string) bool {
	for _, st := range m.stmts {
		if a, ok := st.assignment(); ok && !st.inDef && slices.Contains(a.targets, name) {
			return len(a.value) == 1 && a.value[0].kind == pyName && a.value[0].text == "None"
		}
	}
	return false
}

// plainEntry: [project.scripts] with one entry, a package's __main__.py, or
// main.py/app.py/server.py with `if __name__ == "__main__":`.
func (d *pyDetect) plainEntry(srcs []pyFile) {
	p, info := &d.p, d.info
	d.readScripts()
	names := make([]string, 0, len(d.scripts))
	for n := range d.scripts {
		names = append(names, n)
	}
	sort.Strings(names)
	var mainPkgs []pyFile
	var mainFiles []pyFile
	for _, f := range srcs {
		if path.Base(f.rel) == "__main__.py" && f.module != "" {
			mainPkgs = append(mainPkgs, f)
		}
		if strings.Count(f.rel, "/") == 0 && slices.Contains([]string{"main.py", "app.py", "server.py"}, f.rel) && f.m != nil && f.m.mainGuard > 0 {
			mainFiles = append(mainFiles, f)
		}
	}
	for _, n := range names {
		p.EntrypointCandidates = append(p.EntrypointCandidates, n)
	}
	for _, f := range mainPkgs {
		p.EntrypointCandidates = append(p.EntrypointCandidates, "-m "+strings.TrimSuffix(f.module, ".__main__"))
	}
	for _, f := range mainFiles {
		p.EntrypointCandidates = append(p.EntrypointCandidates, f.rel)
	}
	switch {
	case len(names) == 1 && d.packaged():
		info.Kind, info.Target, info.InstallProject = "script", names[0], true
		p.Entrypoint = names[0]
		p.addEvidence("entrypoint", d.scriptsFile, d.scriptsLine, fmt.Sprintf("the one console script: %s = %q", names[0], d.scripts[names[0]]))
	case len(mainPkgs) > 0:
		f := mainPkgs[0]
		mod := strings.TrimSuffix(f.module, ".__main__")
		info.Kind, info.Target = "module", mod
		p.Entrypoint = "-m " + mod
		p.addEvidence("entrypoint", f.path, 0, "package "+mod+" has __main__.py: python -m "+mod)
	case len(mainFiles) > 0:
		f := mainFiles[0]
		info.Kind, info.Target = "file", f.rel
		p.Entrypoint = f.rel
		p.addEvidence("entrypoint", f.path, f.m.mainGuard, `if __name__ == "__main__":`)
	case len(names) > 1:
		p.warn("several console scripts (%s) and no __main__.py or main.py; pick one with --entrypoint", strings.Join(names, ", "))
		return
	default:
		return
	}
	if len(names) == 1 && !d.packaged() {
		p.warn("console script %s is declared but the project has no [build-system], so it is not installed; running %s", names[0], p.Entrypoint)
	}
	if len(p.EntrypointCandidates) > 1 {
		p.warn("several entry points (%s); running %s — pick another with --entrypoint", strings.Join(p.EntrypointCandidates, ", "), p.Entrypoint)
	}
}

// packaged: the project can be installed (a build backend, setup.py, or
// Poetry's default package mode).
func (d *pyDetect) packaged() bool {
	pp := d.pyproject
	if d.has("setup.py") {
		return true
	}
	if pp == nil {
		return d.setupCfg != nil
	}
	if pp.Tool.Poetry != nil && d.info.Manager == "poetry" {
		return pp.Tool.Poetry.PackageMode == nil || *pp.Tool.Poetry.PackageMode
	}
	if pp.Tool.Uv != nil && pp.Tool.Uv.Package != nil {
		return *pp.Tool.Uv.Package
	}
	return pp.BuildSystem != nil
}

func (d *pyDetect) readScripts() {
	d.scripts = map[string]string{}
	pp := d.pyproject
	ppFile := d.file("pyproject.toml")
	if pp != nil && pp.Project != nil && len(pp.Project.Scripts) > 0 {
		for k, v := range pp.Project.Scripts {
			d.scripts[k] = v
		}
		d.scriptsFile, d.scriptsLine = ppFile, tomlKeyLine(d.pyprojectDt, "project.scripts", firstKey(pp.Project.Scripts), false)
		return
	}
	if pp != nil && pp.Tool.Poetry != nil && len(pp.Tool.Poetry.Scripts) > 0 {
		for k, v := range pp.Tool.Poetry.Scripts {
			if s, ok := v.(string); ok {
				d.scripts[k] = s
			}
		}
		d.scriptsFile = ppFile
		for k := range d.scripts {
			d.scriptsLine = tomlKeyLine(d.pyprojectDt, "tool.poetry.scripts", k, false)
		}
		return
	}
	if d.setupCfg != nil && len(d.setupCfg.Scripts) > 0 {
		for k, v := range d.setupCfg.Scripts {
			d.scripts[k] = v
		}
		d.scriptsFile = d.file("setup.cfg")
	}
}

func firstKey(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// port: a literal in the entry module (port=N, an HTTPServer address, a
// PORT variable's default), an existing Dockerfile's EXPOSE, else the
// default of the way the app runs (servers 8000, flask run 5000, runserver
// 8000); scripts without one leave it unknown.
func (d *pyDetect) port(srcs []pyFile) {
	p, info := &d.p, d.info
	entry := d.entryFile(srcs)
	if entry != nil && entry.m != nil {
		if port, line, detail, ok := literalPyPort(entry.m); ok {
			p.setPort(port, entry.path, line, detail)
			return
		}
	}
	if exposedPort(d.s, p) {
		return
	}
	at := d.anchor()
	if e, ok := p.EvidenceFor("entrypoint"); ok {
		at = e.File
	}
	switch info.Kind {
	case "server", "unserved":
		p.setPort(pyServerPort, at, 0, fmt.Sprintf("%s's default port behind %s", orDefault(p.Framework, "the app"), orDefault(info.Server, "a server")))
	case "django-runserver":
		p.setPort(pyServerPort, at, 0, "runserver on 0.0.0.0:8000")
	case "flask-cli":
		p.setPort(flaskDevPort, at, 0, "flask run's default port")
	default:
		p.warn("port unknown: no literal port in %s; pass --port", orDefault(p.Entrypoint, "the entry point"))
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// entryFile is the source file the entry point runs.
func (d *pyDetect) entryFile(srcs []pyFile) *pyFile {
	info := d.info
	var mod string
	switch info.Kind {
	case "server", "unserved", "flask-cli":
		mod = strings.SplitN(info.App, ":", 2)[0]
	case "module":
		mod = info.Target + ".__main__"
	case "file":
		for i := range srcs {
			if srcs[i].rel == info.Target {
				return &srcs[i]
			}
		}
	case "script":
		if target, ok := d.scripts[info.Target]; ok {
			mod = strings.TrimSpace(strings.SplitN(target, ":", 2)[0])
		}
	}
	for i := range srcs {
		if mod != "" && srcs[i].module == mod {
			return &srcs[i]
		}
	}
	return nil
}

// literalPyPort finds a port literal: `port=8080` in a call, a
// (host, 8080) server address, `os.environ.get("PORT", "8080")`, or a
// module constant one of those names.
func literalPyPort(m *pyModule) (int, int, string, bool) {
	portOf := func(toks []pyToken) (int, bool) {
		if len(toks) == 1 {
			t := toks[0]
			switch {
			case t.kind == pyNumber:
				return validPort(strings.ReplaceAll(t.text, "_", ""))
			case t.kind == pyString && t.strOK:
				return validPort(t.str)
			case t.kind == pyName:
				if n, ok := m.ints[t.text]; ok {
					return validPort(fmt.Sprint(n))
				}
				// PORT = int(os.environ.get("PORT", "8000"))
				for _, c := range m.calls {
					if c.target != t.text {
						continue
					}
					if c.callee == "int" && len(c.args) == 1 {
						return envDefaultPort(c.args[0], m)
					}
					return envDefaultPort(append([]pyToken{{kind: pyName, text: c.callee}}, callToks(pyFoundCall{callee: c.callee, args: c.args})...), m)
				}
			}
		}
		// int(os.environ.get("PORT", "8000")) and friends
		if callee, args, ok := pyCall(toks); ok && (callee == "int" || strings.HasSuffix(callee, "get") || strings.HasSuffix(callee, "getenv")) {
			if callee == "int" && len(args) == 1 {
				return envDefaultPort(args[0], m)
			}
			return envDefaultPort(toks, m)
		}
		return 0, false
	}
	for _, c := range m.callsNamed("run", "serve", "run_app", "run_simple", "HTTPServer", "ThreadingHTTPServer", "TCPServer", "ThreadingTCPServer", "make_server", "start_server") {
		if v, ok := kwarg(c.args, "port"); ok {
			if port, ok := portOf(v); ok {
				return port, c.line, fmt.Sprintf("%s(port=%d)", c.callee, port), true
			}
		}
		// A (host, port) address as the first argument.
		if len(c.args) > 0 && len(c.args[0]) >= 5 && c.args[0][0].text == "(" {
			inner := c.args[0][1 : len(c.args[0])-1]
			if i := indexComma(inner); i >= 0 {
				if port, ok := portOf(inner[i+1:]); ok {
					return port, c.line, fmt.Sprintf("%s((…, %d))", c.callee, port), true
				}
			}
		}
		// run_simple("0.0.0.0", 8080, app), make_server("", 8080, app)
		if len(c.args) >= 2 && (strings.HasSuffix(c.callee, "make_server") || strings.HasSuffix(c.callee, "run_simple")) {
			if port, ok := portOf(c.args[1]); ok {
				return port, c.line, fmt.Sprintf("%s(…, %d)", c.callee, port), true
			}
		}
	}
	for _, c := range m.callsNamed("get", "getenv") {
		if port, ok := envDefaultPort(append([]pyToken{{kind: pyName, text: c.callee}}, callToks(c)...), m); ok {
			return port, c.line, fmt.Sprintf("default of %s(\"PORT\", …)", c.callee), true
		}
	}
	return 0, 0, "", false
}

// callToks rebuilds "(a, b)" tokens from parsed arguments for envDefaultPort.
func callToks(c pyFoundCall) []pyToken {
	out := []pyToken{{kind: pyOp, text: "("}}
	for i, a := range c.args {
		if i > 0 {
			out = append(out, pyToken{kind: pyOp, text: ","})
		}
		out = append(out, a...)
	}
	return append(out, pyToken{kind: pyOp, text: ")"})
}

// envDefaultPort reads os.environ.get("PORT", "8000") / os.getenv("PORT", 8000).
func envDefaultPort(toks []pyToken, m *pyModule) (int, bool) {
	callee, args, ok := pyCall(toks)
	if !ok || len(args) != 2 || !(strings.HasSuffix(callee, "get") || strings.HasSuffix(callee, "getenv")) {
		return 0, false
	}
	if len(args[0]) != 1 || !args[0][0].strOK || !strings.Contains(strings.ToUpper(args[0][0].str), "PORT") {
		return 0, false
	}
	if len(args[1]) != 1 {
		return 0, false
	}
	t := args[1][0]
	switch {
	case t.kind == pyNumber:
		return validPort(t.text)
	case t.kind == pyString && t.strOK:
		return validPort(t.str)
	case t.kind == pyName:
		if n, ok := m.ints[t.text]; ok {
			return validPort(fmt.Sprint(n))
		}
	}
	return 0, false
}

func indexComma(toks []pyToken) int {
	at := -1
	eachOp(toks, func(i, depth int, op string) bool {
		if op == "," && depth == 0 {
			at = i
			return false
		}
		return true
	})
	return at
}
