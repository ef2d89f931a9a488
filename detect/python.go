package detect

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
)

// Python's manifests. requirements/*.txt is found by the detector itself;
// main.py and app.py make a project only when they are runnable.
var pythonManifests = []string{
	"pyproject.toml", "requirements.txt", "requirements.in", "Pipfile", "Pipfile.lock",
	"setup.py", "setup.cfg", "uv.lock", "poetry.lock", "pdm.lock", "main.py", "app.py",
	"manage.py",
}

func init() {
	register(detector{stack: "python", priority: 30, manifests: pythonManifests, detect: detectPython,
		// Beside another stack, a Python folder is offered when it serves
		// (a port is known), not for a helper script.
		offer: func(p Project) bool { return p.Port != nil }})
}

// PythonInfo is what the Python template needs beyond the common fields.
// Paths are relative to the project folder.
type PythonInfo struct {
	// Name is the project's name ([project] or [tool.poetry] name).
	Name string `json:"name,omitempty"`
	// Manager is how dependencies are installed: uv, poetry, pdm, pipenv,
	// pip, or none (the standard library only).
	Manager string `json:"manager"`
	// Lockfile is the lock the manager installs from ("" when none).
	Lockfile string `json:"lockfile,omitempty"`
	// Manifests are the files the dependency step needs, copied before the
	// sources (pyproject.toml, the lockfile, requirement files, …).
	Manifests []string `json:"manifests"`
	// Requirements is the requirements file pip installs (pip only).
	Requirements string `json:"requirements,omitempty"`
	// Dependencies are the declared requirement strings installed before the
	// sources when there is no lockfile (PEP 621 and setup.cfg projects).
	Dependencies []string `json:"dependencies,omitempty"`
	// NeedsSources is set when installing the dependencies needs the whole
	// project (setup.py, a requirements line such as `-e .`).
	NeedsSources bool `json:"needs_sources,omitempty"`
	// InstallProject is set when the project itself is installed into the
	// virtualenv after its dependencies: it is a package (a build system,
	// setup.py, Poetry's package mode) or its console script is the entry point.
	InstallProject bool `json:"install_project,omitempty"`
	// Installed lists the normalised names of the runtime distributions:
	// declared dependencies and the lockfile's production packages.
	Installed []string `json:"installed"`

	// VersionSpec is the constraint the version came from (requires-python, …).
	VersionSpec string `json:"version_spec,omitempty"`
	// Compatible lists the supported minors the project accepts.
	Compatible []string `json:"compatible_versions"`

	Server string `json:"server,omitempty"`
	// Kind is how the app runs: server (Server + App), script, module,
	// file, flask-cli, django-runserver.
	Kind string `json:"kind"`
	// App is the server's target: "pkg.module:app" or "pkg.module:create_app()".
	App string `json:"app,omitempty"`
	// Target is the script name, module or file for the other kinds.
	Target string `json:"target,omitempty"`
	// SrcDir is "src" for a src layout: it goes on PYTHONPATH.
	SrcDir string `json:"src_dir,omitempty"`
	// Collectstatic runs Django's collectstatic in the build stage.
	Collectstatic bool `json:"collectstatic,omitempty"`
	// Native lists dependencies that compile against system libraries.
	Native []string `json:"native,omitempty"`
}

// Dependencies that build from source against a system library and need
// its run-time part in the image.
var pythonNative = map[string]string{
	"psycopg2":    "PostgreSQL's libpq",
	"mysqlclient": "MariaDB/MySQL's client library",
}

func detectPython(s *scan, dir string) ([]Project, error) {
	d := &pyDetect{s: s, dir: dir, p: Project{Path: dir, Stack: "python", Context: dir}, info: &PythonInfo{}}
	d.p.Python = d.info
	ok, err := d.read()
	if err != nil || !ok {
		return nil, err
	}
	if pp := d.pyproject; pp != nil {
		switch {
		case pp.Project != nil && pp.Project.Name != "":
			d.info.Name = pp.Project.Name
		case pp.Tool.Poetry != nil:
			d.info.Name = pp.Tool.Poetry.Name
		}
	}
	d.version()
	if err := d.manager(); err != nil {
		return nil, err
	}
	if err := d.entry(); err != nil {
		return nil, err
	}
	switch d.info.Manager {
	case "uv", "poetry", "pdm":
		if d.packaged() {
			d.info.InstallProject = true
		}
	}
	d.runtimes()
	return []Project{d.p}, nil
}

// pyDetect is one Python project's detection in progress.
type pyDetect struct {
	s    *scan
	dir  string
	p    Project
	info *PythonInfo

	pyproject    *pyproject
	pyprojectDt  []byte
	pipfile      *pipfile
	pipfileDt    []byte
	setupCfg     *setupCfg
	reqFile      string // chosen requirements file (tree path)
	reqs         requirementsFile
	declared     []pyRequirement
	declaredFrom string
	scripts      map[string]string
	scriptsFile  string
	scriptsLine  int
}

func (d *pyDetect) file(name string) string { return join(d.dir, name) }

// anchor is the file evidence about the project as a whole points at.
func (d *pyDetect) anchor() string {
	for _, m := range pythonManifests {
		if d.has(m) {
			return d.file(m)
		}
	}
	return d.dir
}
func (d *pyDetect) has(name string) bool { return d.s.ix.has(d.file(name)) }

// read parses the manifests. It reports false when the folder is not a
// Python project after all (a pyproject.toml that only configures tools, a
// main.py that is not runnable).
func (d *pyDetect) read() (bool, error) {
	if d.has("pyproject.toml") {
		file := d.file("pyproject.toml")
		dt, ok := d.s.ix.readManifest(file)
		if !ok {
			return false, d.s.ix.unreadable(file)
		}
		var pp pyproject
		if err := decodeTOML(file, dt, &pp); err != nil {
			return false, err
		}
		d.pyproject, d.pyprojectDt = &pp, dt
	}
	if d.has("Pipfile") {
		file := d.file("Pipfile")
		dt, ok := d.s.ix.readManifest(file)
		if !ok {
			return false, d.s.ix.unreadable(file)
		}
		var pf pipfile
		if err := decodeTOML(file, dt, &pf); err != nil {
			return false, err
		}
		d.pipfile, d.pipfileDt = &pf, dt
	}
	if d.has("setup.cfg") {
		file := d.file("setup.cfg")
		dt, ok := d.s.ix.readManifest(file)
		if !ok {
			return false, d.s.ix.unreadable(file)
		}
		cfg, err := parseSetupCfg(file, dt)
		if err != nil {
			return false, err
		}
		d.setupCfg = &cfg
	}
	if f := d.requirementsFile(); f != "" {
		d.reqFile = f
		if err := parseRequirements(d.s, d.dir, f, map[string]bool{}, &d.reqs); err != nil {
			return false, err
		}
		d.p.Warnings = append(d.p.Warnings, d.reqs.Warnings...)
	}

	pp := d.pyproject
	declares := d.reqFile != "" || d.pipfile != nil || d.has("setup.py") || d.setupCfg != nil && (len(d.setupCfg.InstallRequires) > 0 || d.setupCfg.PythonRequires != "") ||
		d.has("uv.lock") || d.has("poetry.lock") || d.has("pdm.lock") || d.has("Pipfile.lock") || d.has("manage.py") ||
		pp != nil && (pp.Project != nil || pp.Tool.Poetry != nil)
	if declares {
		return true, nil
	}
	// A lone main.py/app.py is a project when it runs something.
	for _, f := range []string{"main.py", "app.py"} {
		if !d.has(f) {
			continue
		}
		if m := d.module(d.file(f)); m != nil && (m.mainGuard > 0 || len(m.calls) > 0) {
			return true, nil
		}
	}
	if pp != nil {
		d.s.report.Notes = append(d.s.report.Notes, fmt.Sprintf("%s configures tools only (no [project], no [tool.poetry]); not a Python project", d.file("pyproject.toml")))
	}
	return false, nil
}

// requirementsFile picks the requirements file pip installs: requirements.txt,
// else requirements/{prod,production,base,common,main,requirements}.txt,
// else the only file in requirements/, else requirements.in.
func (d *pyDetect) requirementsFile() string {
	if d.has("requirements.txt") {
		return d.file("requirements.txt")
	}
	for _, n := range []string{"prod", "production", "base", "common", "main", "requirements"} {
		if f := d.file("requirements/" + n + ".txt"); d.s.ix.has(f) {
			return f
		}
	}
	var txt []string
	for _, f := range d.s.ix.under(d.file("requirements")) {
		if path.Dir(f.path) == d.file("requirements") && strings.HasSuffix(f.path, ".txt") {
			txt = append(txt, f.path)
		}
	}
	if len(txt) == 1 {
		return txt[0]
	}
	if len(txt) > 1 {
		d.p.warn("several requirement files in %s and none named prod/production/base/common/main; installing none of them: name one requirements.txt", d.file("requirements"))
	}
	if d.has("requirements.in") {
		return d.file("requirements.in")
	}
	return ""
}

// version finds the Python version, in this order: .python-version,
// .tool-versions, runtime.txt, [project] requires-python,
// [tool.poetry.dependencies] python, Pipfile [requires], setup.cfg
// python_requires, else DefaultPython.
func (d *pyDetect) version() {
	pin := func(v, file string, line int, detail string) bool {
		// The version as numbers only: a suffix (3.13.0rc1, 3.10A) or
		// anything after it never reaches an image tag.
		if pv, ok := parsePyVersion(v); ok {
			v = pv.String()
		}
		minor := PythonMinorOf(v)
		if !PythonSupported(v) {
			d.p.warn("%s says Python %s, which stagecraft does not support (supported: %s); pass --version", file, v, strings.Join(allMinors(), ", "))
			d.p.addEvidence("language_version", file, line, detail)
			d.info.Compatible = []string{}
			d.info.VersionSpec = v
			return true
		}
		d.p.LanguageVersion = v
		d.info.Compatible = []string{minor}
		d.info.VersionSpec = v
		d.p.addEvidence("language_version", file, line, detail)
		return true
	}
	// rejected are versions that were stated but could not be used: the
	// evidence for the default names them rather than saying none was.
	type rejection struct {
		file, why string
		line      int
	}
	var rejected []rejection
	reject := func(file string, line int, why string) {
		d.p.warn("%s: %s; ignored", where(file, line), why)
		rejected = append(rejected, rejection{file: file, line: line, why: why})
	}
	if f := d.file(".python-version"); d.s.ix.has(f) {
		if dt, ok := d.s.ix.readManifest(f); ok {
			for i, line := range strings.Split(string(dt), "\n") {
				line = strings.TrimSpace(strings.SplitN(line, "#", 2)[0])
				if line == "" {
					continue
				}
				if v, ok := parsePyVersion(line); ok && v.at(0) == 3 && len(v) >= 2 {
					pin(line, f, i+1, ".python-version "+line)
				} else {
					reject(f, i+1, fmt.Sprintf("%q is not a CPython version such as 3.12", line))
					continue
				}
				break
			}
		}
	}
	if d.p.LanguageVersion == "" && d.info.VersionSpec == "" {
		if f := d.file(".tool-versions"); d.s.ix.has(f) {
			if v, line, ok := toolVersion(d.s, f, "python"); ok {
				if _, ok := parsePyVersion(v); ok {
					pin(v, f, line, "python "+v)
				} else {
					reject(f, line, fmt.Sprintf("python %q is not a CPython version such as 3.12", v))
				}
			}
		}
	}
	if d.p.LanguageVersion == "" && d.info.VersionSpec == "" {
		if f := d.file("runtime.txt"); d.s.ix.has(f) {
			if dt, ok := d.s.ix.readManifest(f); ok {
				line := strings.TrimSpace(string(dt))
				v, ok := strings.CutPrefix(line, "python-")
				if ok {
					_, ok = parsePyVersion(v)
				}
				if ok {
					pin(v, f, 1, line)
				} else if line != "" {
					reject(f, 1, fmt.Sprintf("%q is not python-3.N.P", firstLine(line)))
				}
			}
		}
	}
	pinned := d.info.VersionSpec != ""

	// Ranges: the newest supported minor that satisfies them.
	type rangeSrc struct {
		spec   string
		file   string
		line   int
		detail string
		poetry bool
	}
	var ranges []rangeSrc
	if pp := d.pyproject; pp != nil {
		if pp.Project != nil && pp.Project.RequiresPython != "" {
			ranges = append(ranges, rangeSrc{pp.Project.RequiresPython, d.file("pyproject.toml"), tomlKeyLine(d.pyprojectDt, "project", "requires-python", false), "requires-python " + pp.Project.RequiresPython, false})
		}
		if pp.Tool.Poetry != nil {
			if v, ok := pp.Tool.Poetry.Dependencies["python"].(string); ok && v != "" {
				ranges = append(ranges, rangeSrc{v, d.file("pyproject.toml"), tomlKeyLine(d.pyprojectDt, "tool.poetry.dependencies", "python", false), "[tool.poetry.dependencies] python = " + v, true})
			}
		}
	}
	if pf := d.pipfile; pf != nil {
		if v := pf.Requires.PythonFullVersion; v != "" {
			ranges = append(ranges, rangeSrc{"==" + v, d.file("Pipfile"), tomlKeyLine(d.pipfileDt, "requires", "python_full_version", false), "python_full_version " + v, false})
		} else if v := pf.Requires.PythonVersion; v != "" {
			ranges = append(ranges, rangeSrc{"==" + v + ".*", d.file("Pipfile"), tomlKeyLine(d.pipfileDt, "requires", "python_version", false), "python_version " + v, false})
		}
	}
	if c := d.setupCfg; c != nil && c.PythonRequires != "" {
		ranges = append(ranges, rangeSrc{c.PythonRequires, d.file("setup.cfg"), c.PythonLine, "python_requires " + c.PythonRequires, false})
	}
	for _, r := range ranges {
		var spec pySpec
		var err error
		if r.poetry {
			spec, err = parsePoetryConstraint(r.spec)
		} else {
			spec, err = parsePEP440(r.spec)
		}
		if err != nil {
			reject(r.file, r.line, fmt.Sprintf("%s: %v", r.detail, err))
			continue
		}
		if pinned {
			// The pin wins; say so when the range disagrees.
			if d.p.LanguageVersion != "" && !spec.allowsMinor(PythonMinorOf(d.info.VersionSpec)) {
				d.p.warn("Python %s (%s) does not satisfy %s (%s:%d); building with %s", d.p.LanguageVersion, d.p.Evidence[len(d.p.Evidence)-1].Where(), r.detail, r.file, r.line, d.p.LanguageVersion)
			}
			continue
		}
		minors := spec.supportedMinors()
		d.info.VersionSpec = r.spec
		d.info.Compatible = minors
		if len(minors) == 0 {
			d.p.warn("%s (%s:%d) allows no supported Python (%s); pass --version", r.detail, r.file, r.line, strings.Join(allMinors(), ", "))
			d.p.addEvidence("language_version", r.file, r.line, r.detail)
			return
		}
		d.p.LanguageVersion = minors[len(minors)-1]
		d.p.addEvidence("language_version", r.file, r.line, fmt.Sprintf("%s: newest supported minor is %s", r.detail, d.p.LanguageVersion))
		break
	}
	if d.info.VersionSpec == "" {
		d.p.LanguageVersion = DefaultPython
		d.info.Compatible = allMinors()
		if len(rejected) > 0 {
			whys := make([]string, 0, len(rejected))
			for _, r := range rejected {
				whys = append(whys, r.why)
			}
			d.p.addEvidence("language_version", rejected[0].file, rejected[0].line, strings.Join(whys, "; ")+"; the current stable "+DefaultPython)
		} else {
			d.p.addEvidence("language_version", d.anchor(), 0, "no version stated (.python-version, requires-python, …); the current stable "+DefaultPython)
		}
	}
	if d.p.LanguageVersion != "" && pythonEOL(d.p.LanguageVersion) {
		oldest := DefaultPython
		for _, m := range PythonVersions {
			if !m.EOL {
				oldest = m.Version
				break
			}
		}
		d.p.warn("Python %s is end-of-life and gets no security fixes; move to %s or newer", PythonMinorOf(d.p.LanguageVersion), oldest)
	}
}

// manager decides how dependencies are installed. A lockfile wins (uv.lock,
// poetry.lock, pdm.lock, Pipfile.lock, in that order), then a requirements
// file (pip), then a tool declared without a lock ([tool.poetry]: poetry,
// Pipfile: pipenv), then PEP 621 dependencies (pip install .), then
// setup.py/setup.cfg (pip install .); with none, the standard library only.
func (d *pyDetect) manager() error {
	pp := d.pyproject
	type choice struct{ manager, file, why string }
	var found []choice
	add := func(m, f, why string) { found = append(found, choice{m, f, why}) }
	for _, c := range []choice{{"uv", "uv.lock", ""}, {"poetry", "poetry.lock", ""}, {"pdm", "pdm.lock", ""}, {"pipenv", "Pipfile.lock", ""}} {
		if d.has(c.file) {
			add(c.manager, d.file(c.file), c.file+" (lockfile)")
		}
	}
	if d.reqFile != "" {
		add("pip", d.reqFile, path.Base(d.reqFile))
	}
	if pp != nil && pp.Tool.Poetry != nil && !d.has("poetry.lock") {
		add("poetry", d.file("pyproject.toml"), "[tool.poetry] without poetry.lock")
	}
	if d.pipfile != nil && !d.has("Pipfile.lock") {
		add("pipenv", d.file("Pipfile"), "Pipfile without Pipfile.lock")
	}
	if pp != nil && pp.Project != nil && len(pp.Project.Dependencies) > 0 {
		add("pip", d.file("pyproject.toml"), "[project] dependencies without a lockfile: pip install .")
	}
	if d.has("setup.py") || d.setupCfg != nil && len(d.setupCfg.InstallRequires) > 0 {
		f := "setup.py"
		if !d.has(f) {
			f = "setup.cfg"
		}
		add("pip", d.file(f), f+": pip install .")
	}
	info := d.info
	if len(found) == 0 {
		info.Manager = "none"
		d.p.PackageManager = "none"
		d.p.addEvidence("package_manager", d.anchor(), 0, "no dependencies declared: the standard library only")
		info.Manifests = []string{}
		info.Installed = []string{}
		return nil
	}
	chosen := found[0]
	info.Manager = chosen.manager
	d.p.PackageManager = chosen.manager
	d.p.addEvidence("package_manager", chosen.file, 0, chosen.why)
	var others []string
	for _, c := range found[1:] {
		// [project] dependencies are what uv, Poetry 2 and PDM install from;
		// setup.py is how pip installs a package: neither is another manager.
		if c.manager == "pip" && c.file != d.reqFile && chosen.manager != "pipenv" {
			continue
		}
		if c.manager == chosen.manager && !strings.HasSuffix(c.file, ".lock") {
			continue
		}
		others = append(others, fmt.Sprintf("%s (%s)", c.manager, rel(d.dir, c.file)))
	}
	if len(others) > 0 {
		d.p.warn("several dependency managers: using %s from %s; also found %s. The rule: a lockfile wins (uv, poetry, pdm, pipenv), then a requirements file, then a tool declared without a lock, then PEP 621 dependencies; pass the one you mean by removing the others' files", chosen.manager, rel(d.dir, chosen.file), strings.Join(others, ", "))
	}

	// What each manager copies before installing, and what it installs.
	manifests := []string{}
	addM := func(names ...string) {
		for _, n := range names {
			if n != "" && d.has(n) && !slices.Contains(manifests, n) {
				manifests = append(manifests, n)
			}
		}
	}
	switch chosen.manager {
	case "uv":
		info.Lockfile = "uv.lock"
		addM("pyproject.toml", "uv.lock")
		if pp == nil || pp.Project == nil {
			return &ManifestError{File: d.file("pyproject.toml"), Err: fmt.Errorf("uv.lock needs a pyproject.toml with a [project] table")}
		}
	case "poetry":
		if d.has("poetry.lock") {
			info.Lockfile = "poetry.lock"
		} else {
			d.p.warn("no poetry.lock: Poetry resolves versions at build time; run `poetry lock` and commit poetry.lock")
		}
		addM("pyproject.toml", "poetry.lock")
	case "pdm":
		info.Lockfile = "pdm.lock"
		addM("pyproject.toml", "pdm.lock")
	case "pipenv":
		if d.has("Pipfile.lock") {
			info.Lockfile = "Pipfile.lock"
		} else {
			d.p.warn("no Pipfile.lock: versions are resolved at build time; run `pipenv lock` and commit Pipfile.lock")
		}
		addM("Pipfile", "Pipfile.lock")
	case "pip":
		switch {
		case d.reqFile != "" && chosen.file == d.reqFile:
			info.Requirements = rel(d.dir, d.reqFile)
			addM(info.Requirements)
			addM(d.reqs.Includes...)
			for _, r := range d.reqs.Reqs {
				if r.Local {
					info.NeedsSources = true
					d.p.addEvidence("package_manager", r.File, r.Line, fmt.Sprintf("%q installs a local path: dependencies are installed after the sources are copied", r.Raw))
					break
				}
			}
			if strings.HasSuffix(d.reqFile, ".in") {
				d.p.warn("%s is not compiled: versions float; pin them with `pip-compile` and commit requirements.txt", rel(d.dir, d.reqFile))
			}
		case strings.HasSuffix(chosen.file, "pyproject.toml"):
			d.p.warn("no lockfile: dependency versions float at build time; lock them (uv lock, pip-compile) for reproducible images")
			info.Dependencies = slices.Clone(pp.Project.Dependencies)
			addM("pyproject.toml")
			info.InstallProject = pp.BuildSystem != nil
		default: // setup.py / setup.cfg
			if d.setupCfg != nil && !d.has("setup.py") {
				for _, r := range d.setupCfg.InstallRequires {
					info.Dependencies = append(info.Dependencies, r.Raw)
				}
				addM("setup.cfg")
			} else {
				info.NeedsSources = true
			}
			info.InstallProject = true
		}
	}
	info.Manifests = manifests

	// Declared dependencies, for the framework and the server.
	d.collectDeclared()
	installed := map[string]bool{}
	for _, r := range d.declared {
		if r.Name != "" {
			installed[r.Name] = true
		}
	}
	if info.Lockfile != "" {
		names, err := lockedNames(d.s, d.dir, info.Lockfile)
		if err != nil {
			return err
		}
		for _, n := range names {
			installed[n] = true
		}
	}
	// Extras that pull in a server: fastapi[standard], uvicorn[standard].
	for _, r := range d.declared {
		if r.Name == "fastapi" && slices.Contains(r.Extras, "standard") {
			installed["uvicorn"] = true
		}
	}
	info.Installed = sortedKeys(installed)
	for _, r := range d.declared {
		if why, ok := pythonNative[r.Name]; ok && !slices.Contains(info.Native, r.Name) {
			info.Native = append(info.Native, r.Name)
			d.p.addEvidence("native", r.File, r.Line, fmt.Sprintf("%s builds against %s: a compiler in the build stage, the library at run time", r.Name, why))
		}
	}
	return nil
}

// collectDeclared gathers the runtime dependencies the chosen manager
// installs, as written in the project's own manifests.
func (d *pyDetect) collectDeclared() {
	pp := d.pyproject
	ppFile := d.file("pyproject.toml")
	switch d.info.Manager {
	case "pip":
		if d.info.Requirements != "" {
			d.declared = d.reqs.Reqs
			d.declaredFrom = d.reqFile
			return
		}
		if d.setupCfg != nil && !d.has("setup.py") && (pp == nil || pp.Project == nil) {
			d.declared = d.setupCfg.InstallRequires
			d.declaredFrom = d.file("setup.cfg")
			return
		}
	case "pipenv":
		if d.pipfile != nil {
			for name := range d.pipfile.Packages {
				d.declared = append(d.declared, pyRequirement{Name: NormalizePythonName(name), Raw: name, File: d.file("Pipfile"), Line: tomlKeyLine(d.pipfileDt, "packages", name, false)})
			}
			sort.Slice(d.declared, func(i, j int) bool { return d.declared[i].Line < d.declared[j].Line })
			d.declaredFrom = d.file("Pipfile")
			return
		}
	}
	if pp == nil {
		return
	}
	d.declaredFrom = ppFile
	if pp.Project != nil {
		for _, dep := range pp.Project.Dependencies {
			if name, extras, ok := parsePEP508(dep); ok {
				d.declared = append(d.declared, pyRequirement{Name: name, Extras: extras, Raw: dep, File: ppFile, Line: tomlKeyLine(d.pyprojectDt, "project", dep, true)})
			} else {
				d.p.warn("%s: [project] dependency %q is not a PEP 508 requirement; ignored for detection", ppFile, dep)
			}
		}
	}
	if pp.Tool.Poetry != nil {
		for name, v := range pp.Tool.Poetry.Dependencies {
			if name == "python" {
				continue
			}
			var extras []string
			if t, ok := v.(map[string]any); ok {
				if opt, _ := t["optional"].(bool); opt {
					continue // an extra, not installed by default
				}
				if ex, ok := t["extras"].([]any); ok {
					for _, e := range ex {
						if s, ok := e.(string); ok {
							extras = append(extras, NormalizePythonName(s))
						}
					}
				}
			}
			d.declared = append(d.declared, pyRequirement{Name: NormalizePythonName(name), Extras: extras, Raw: name, File: ppFile, Line: tomlKeyLine(d.pyprojectDt, "tool.poetry.dependencies", name, false)})
		}
		sort.SliceStable(d.declared, func(i, j int) bool { return d.declared[i].Line < d.declared[j].Line })
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// runtimes decides which runtime flavours fit, and why not the others.
func (d *pyDetect) runtimes() {
	p := &d.p
	p.Runtimes = []string{"slim"}
	var excluded []ExcludedRuntime
	switch {
	case !slices.Contains(d.info.Compatible, DistrolessPython):
		where := ""
		if e, ok := p.EvidenceFor("language_version"); ok {
			where = " (" + e.Where() + ")"
		}
		excluded = append(excluded, ExcludedRuntime{Runtime: "distroless", Reason: fmt.Sprintf("gcr.io/distroless/python3-debian12 runs Debian 12's Python %s only, and this project needs Python %s%s; use slim", DistrolessPython, d.info.VersionSpec, where)})
	case len(d.info.Native) > 0:
		excluded = append(excluded, ExcludedRuntime{Runtime: "distroless", Reason: fmt.Sprintf("%s needs %s at run time, which distroless python3 lacks; use slim (or a -binary wheel)", d.info.Native[0], pythonNative[d.info.Native[0]])})
	default:
		p.Runtimes = append(p.Runtimes, "distroless")
	}
	p.Runtimes = append(p.Runtimes, "alpine")
	p.RuntimesExcluded = excluded
}
