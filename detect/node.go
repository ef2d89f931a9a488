package detect

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Node registers after the other stacks: a package.json beside a go.mod,
// pyproject.toml or pom.xml is usually that project's tooling (CSS build,
// git hooks), and the other stack wins the folder.
func init() {
	register(detector{stack: "node", priority: 40, manifests: []string{"package.json"}, detect: detectNode, shadowed: nodeShadowed})
}

// NodeInfo is what the Node template needs beyond the common fields.
type NodeInfo struct {
	// Name is package.json's name.
	Name string `json:"name,omitempty"`
	// Kind is how the app is built and run: server, static, next-standalone,
	// next, nuxt, sveltekit, astro-node, or unsupported (Bun apps are servers
	// whose package manager is bun).
	Kind string `json:"kind"`
	// PackageManagerVersion is the version to install: from packageManager,
	// or the one stagecraft pins for the lockfile format ("" = the image's own).
	PackageManagerVersion string `json:"package_manager_version,omitempty"`
	YarnBerry             bool   `json:"yarn_berry,omitempty"`
	// YarnPath is .yarnrc.yml's yarnPath (a checked-in Yarn release).
	YarnPath string `json:"yarn_path,omitempty"`
	// Lockfile is relative to the build context; "" when there is none.
	Lockfile string `json:"lockfile,omitempty"`
	// Build is the package.json script that builds the app ("" = none).
	Build string `json:"build,omitempty"`
	// Command is what the runtime runs, relative to the project folder:
	// ["node", "server.js"], or ["npm", "run", "start"] as a last resort.
	Command []string `json:"command,omitempty"`
	// CommandEnv are variables the start script set before the command.
	CommandEnv []EnvVar `json:"command_env,omitempty"`
	// Outputs are folders the build writes that the runtime needs,
	// relative to the project folder.
	Outputs []string `json:"outputs,omitempty"`
	// CopySources is true when the runtime runs the project's own files
	// (plain JavaScript), not only build outputs.
	CopySources bool `json:"copy_sources"`
	// RuntimeExtras are project files a compiled app reads at run time
	// (public, views), copied beside the outputs.
	RuntimeExtras []string `json:"runtime_extras,omitempty"`
	// StaticDir is the folder a static build writes, served by nginx.
	StaticDir string `json:"static_dir,omitempty"`
	// SPA sends unknown paths to index.html (client-side routing).
	SPA bool `json:"spa,omitempty"`
	// RuntimeDeps is true when the runtime needs production node_modules.
	RuntimeDeps bool `json:"runtime_deps"`
	// NativeAddons are dependencies that compile native code on install.
	NativeAddons []string `json:"native_addons,omitempty"`
	// ReadsPortEnv is true when the app (or its framework) reads PORT.
	ReadsPortEnv bool `json:"reads_port_env"`
	// HostEnv is the variable the framework binds to (HOSTNAME for Next,
	// HOST for Astro); the image sets it to 0.0.0.0.
	HostEnv string `json:"host_env,omitempty"`
	// PrepareScript is true when package.json has a prepare script, which
	// a production install would run without its dev tools.
	PrepareScript bool `json:"prepare_script,omitempty"`
	// Husky is true when husky is a dependency (git hooks; off in images).
	Husky bool `json:"husky,omitempty"`
	// Unsupported says why stagecraft recognises but does not build this app.
	Unsupported string `json:"unsupported,omitempty"`
	// Workspace is set for an app inside an npm/pnpm/yarn/bun workspace.
	Workspace *NodeWorkspace `json:"workspace,omitempty"`
}

// EnvVar is one environment variable.
type EnvVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// NodeWorkspace describes the workspace an app belongs to. Paths are
// relative to the workspace root, which is the build context.
type NodeWorkspace struct {
	Root string `json:"root"`
	// Dir is the app's folder relative to Root.
	Dir string `json:"dir"`
	// Manifests are the root files the install needs (package.json, the
	// lockfile, pnpm-workspace.yaml, .yarnrc.yml).
	Manifests []string `json:"manifests"`
	// Members are the workspace packages the install needs: the app and
	// the packages it depends on (all packages for yarn and bun), sorted.
	Members []NodeMember `json:"members"`
}

// NodeMember is one workspace package.
type NodeMember struct {
	Dir  string `json:"dir"`
	Name string `json:"name"`
	// Build is true when the package has a build script.
	Build bool `json:"build,omitempty"`
	// Outputs are the folders its build writes (from main), for libraries.
	Outputs []string `json:"outputs,omitempty"`
	// Needed is true for the app and the packages it depends on.
	Needed bool `json:"needed"`
	// Order is the position in dependency order (dependencies first).
	Order int `json:"order"`
}

// Manifests of other stacks: a package.json beside one of these is
// tooling unless it clearly runs a server.
var foreignManifests = []string{
	"go.mod", "go.work", "pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile",
	"pom.xml", "build.gradle", "build.gradle.kts", "Gemfile", "composer.json", "Cargo.toml", "mix.exs",
}

// Default pins when packageManager does not say: the newest release of
// the major that writes the lockfile format found.
const (
	pnpmDefault        = "9.15.9"
	yarnClassicDefault = "1.22.22"
	yarnBerryDefault   = "4.18.1"
	bunDefault         = "1.3"
)

var pnpmByLockfile = map[string]string{"9": "9.15.9", "6": "8.15.9", "5": "7.33.7"}

func detectNode(s *scan, dir string) ([]Project, error) {
	file := join(dir, "package.json")
	pj, err := readPackageJSON(s, file)
	if err != nil {
		return nil, err
	}
	wsPatterns, wsFile, err := workspacePatterns(s, dir, pj)
	if err != nil {
		return nil, err
	}
	if wsFile != "" {
		return detectNodeWorkspace(s, dir, pj, wsPatterns, wsFile)
	}
	if foreign := s.foreignManifestsIn(dir); len(foreign) > 0 && !looksLikeNodeApp(s, dir, pj) {
		s.report.Notes = append(s.report.Notes, toolingNote(pj, foreign, ""))
		return nil, nil
	}
	p, err := detectNodeApp(s, dir, dir, pj, nil)
	if err != nil {
		return nil, err
	}
	return []Project{p}, nil
}

// nodeShadowed is told when another stack won a folder that has a
// package.json and no Node app was offered from it: tooling gets a report
// note; what looks like an app stagecraft could not take as an alternative
// gets a warning for the winning project.
func nodeShadowed(s *scan, dir, winner string, detectErr error) string {
	file := join(dir, "package.json")
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return ""
	}
	pj, err := parsePackageJSON(file, dt, func(string, ...any) {})
	if err != nil {
		s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s: not read (%v); the %s project wins this folder", file, err, winner))
		return ""
	}
	foreign := s.foreignManifestsIn(dir)
	if looksLikeNodeApp(s, dir, pj) {
		why := ""
		if detectErr != nil {
			why = " (" + detectErr.Error() + ")"
		}
		return fmt.Sprintf("%s looks like a Node app too%s, but the %s project (%s) wins this folder; move the Node app to its own folder to build it", file, why, winner, strings.Join(foreign, ", "))
	}
	s.report.Notes = append(s.report.Notes, toolingNote(pj, foreign, winner))
	return ""
}

func toolingNote(pj *packageJSON, foreign []string, winner string) string {
	var what []string
	if names := stringKeys(pj.Scripts); len(names) > 0 {
		what = append(what, "scripts: "+strings.Join(limit(names, 6), ", "))
	}
	if deps := pj.allDeps(); len(deps) > 0 {
		what = append(what, "packages: "+strings.Join(limit(deps, 6), ", "))
	}
	detail := ""
	if len(what) > 0 {
		detail = " (" + strings.Join(what, "; ") + ")"
	}
	tail := "it is not built as a Node app"
	if winner != "" {
		tail = "the " + winner + " project is built; the Node tooling is not"
	}
	return fmt.Sprintf("%s is Node tooling%s beside %s, with no server to run: %s", pj.file, detail, strings.Join(foreign, ", "), tail)
}

func (s *scan) foreignManifestsIn(dir string) []string {
	var out []string
	for _, m := range foreignManifests {
		if s.ix.has(join(dir, m)) {
			out = append(out, m)
		}
	}
	return out
}

// looksLikeNodeApp is the tooling test: a package.json runs an app when it
// has a start script that is not a dev tool, a server or app framework,
// or an entry file that exists. Build-only scripts (CSS, bundling for
// another stack's server) and git hooks are tooling.
func looksLikeNodeApp(s *scan, dir string, pj *packageJSON) bool {
	if start, ok := pj.script("start"); ok && !isDevCommand(start) {
		return true
	}
	for _, fw := range append(append([]string{}, metaFrameworks...), serverFrameworks...) {
		if _, ok := pj.dep(fw); ok {
			return true
		}
	}
	if pj.Main != "" && s.ix.has(join(dir, cleanRel(pj.Main))) && isScriptFile(pj.Main) {
		return true
	}
	for _, f := range []string{"server.js", "app.js"} {
		if s.ix.has(join(dir, f)) {
			return true
		}
	}
	return false
}

// workspacePatterns returns the workspace globs of the folder's package.json
// or pnpm-workspace.yaml, and the file that declared them ("" = none).
func workspacePatterns(s *scan, dir string, pj *packageJSON) ([]string, string, error) {
	pnpmWS := join(dir, "pnpm-workspace.yaml")
	if s.ix.has(pnpmWS) {
		dt, ok := s.ix.readManifest(pnpmWS)
		if !ok {
			return nil, "", s.ix.unreadable(pnpmWS)
		}
		packages, err := pnpmWorkspacePackages(pnpmWS, dt)
		if err != nil {
			return nil, "", err
		}
		return packages, pnpmWS, nil
	}
	if pj.HasWorkspaces {
		return pj.Workspaces, pj.file, nil
	}
	return nil, "", nil
}

// pnpmWorkspacePackages reads the packages list of pnpm-workspace.yaml.
func pnpmWorkspacePackages(file string, dt []byte) ([]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(dt, &doc); err != nil {
		return nil, yamlErr(file, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &ManifestError{File: file, Line: root.Line, Err: fmt.Errorf("want a mapping with a packages list, not %s", yamlKind(root))}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "packages" {
			continue
		}
		v := root.Content[i+1]
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return nil, nil
		}
		bad := func(n *yaml.Node, path string) error {
			msg := fmt.Sprintf("%s: want a list of strings, not %s", path, yamlKind(n))
			if n == v && n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
				msg += fmt.Sprintf(" (packages: [%q])", n.Value)
			}
			return &ManifestError{File: file, Line: n.Line, Err: errors.New(msg)}
		}
		if v.Kind != yaml.SequenceNode {
			return nil, bad(v, "packages")
		}
		var out []string
		for j, item := range v.Content {
			if item.Kind != yaml.ScalarNode || item.Tag != "!!str" {
				return nil, bad(item, fmt.Sprintf("packages[%d]", j))
			}
			out = append(out, item.Value)
		}
		return out, nil
	}
	return nil, nil
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!str":
		return "a string"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "nothing"
	}
	return "a " + strings.TrimPrefix(n.Tag, "!!")
}

func yamlErr(file string, err error) error {
	msg := err.Error()
	line := 0
	// yaml errors read "yaml: line N: ...".
	if i := strings.Index(msg, "line "); i >= 0 {
		rest := msg[i+5:]
		if j := strings.IndexByte(rest, ':'); j > 0 {
			line, _ = strconv.Atoi(rest[:j])
		}
	}
	return &ManifestError{File: file, Line: line, Err: fmt.Errorf("invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))}
}

// pmInfo is the package manager decision for a folder (or workspace root).
type pmInfo struct {
	name     string // npm, pnpm, yarn, bun
	version  string // to install; "" = the image's own
	berry    bool
	yarnPath string
	lockfile string // path in the tree
	frozen   bool
}

var lockfileOwners = []struct{ file, pm string }{
	{"pnpm-lock.yaml", "pnpm"},
	{"bun.lock", "bun"},
	{"bun.lockb", "bun"},
	{"yarn.lock", "yarn"},
	{"package-lock.json", "npm"},
	{"npm-shrinkwrap.json", "npm"},
}

// detectPackageManager decides the package manager from root's package.json
// packageManager field, then its lockfiles, and records evidence on p.
func detectPackageManager(s *scan, root string, pj *packageJSON, p *Project) pmInfo {
	var locks []string
	for _, l := range lockfileOwners {
		if s.ix.has(join(root, l.file)) {
			locks = append(locks, l.file)
		}
	}
	owner := func(file string) string {
		for _, l := range lockfileOwners {
			if l.file == file {
				return l.pm
			}
		}
		return ""
	}
	var pm pmInfo
	if pj.PackageManager != "" {
		name, version, ok := parsePackageManager(pj.PackageManager)
		if !ok {
			p.warn("%s:%d: packageManager %q is not of the form name@version (npm, pnpm, yarn or bun); using the lockfile instead", pj.file, pj.line("packageManager"), pj.PackageManager)
		} else {
			pm = pmInfo{name: name, version: version}
			p.addEvidence("package_manager", pj.file, pj.line("packageManager"), "packageManager "+name+"@"+version)
			for _, l := range locks {
				if owner(l) == name {
					if pm.lockfile == "" {
						pm.lockfile = join(root, l)
					}
					continue
				}
				p.warn("packageManager says %s, but %s (a %s lockfile) is here too: it is stale and ignored; delete it", name, join(root, l), owner(l))
			}
		}
	}
	if pm.name == "" {
		if len(locks) == 0 {
			pm = pmInfo{name: "npm"}
			p.addEvidence("package_manager", pj.file, 0, "no lockfile and no packageManager field: npm")
		} else {
			pm = pmInfo{name: owner(locks[0]), lockfile: join(root, locks[0])}
			p.addEvidence("package_manager", pm.lockfile, 0, "lockfile "+locks[0])
			for _, l := range locks[1:] {
				if owner(l) != pm.name {
					p.warn("%s and %s are both here; using %s (add \"packageManager\" to package.json to say which)", join(root, locks[0]), join(root, l), pm.name)
				}
			}
		}
	}
	pm.frozen = pm.lockfile != ""
	// Without dependencies there is nothing to install, and nothing for a
	// lockfile to pin.
	noDeps := len(pj.Dependencies) == 0 && len(pj.DevDependencies) == 0 && !pj.HasWorkspaces
	if !pm.frozen && !noDeps {
		p.warn("no %s lockfile: the install is not reproducible (%s); commit one", pm.name, map[string]string{
			"npm": "npm install instead of npm ci", "pnpm": "pnpm install without --frozen-lockfile",
			"yarn": "yarn install without a frozen lockfile", "bun": "bun install without --frozen-lockfile",
		}[pm.name])
	}

	switch pm.name {
	case "pnpm":
		if pm.version == "" {
			pm.version = pnpmDefault
			if pm.lockfile != "" {
				if v, line, ok := pnpmLockfileVersion(s, pm.lockfile); ok {
					major, _, _ := strings.Cut(v, ".")
					if pin, known := pnpmByLockfile[major]; known {
						pm.version = pin
						p.addEvidence("package_manager", pm.lockfile, line, fmt.Sprintf("lockfileVersion %s: pnpm %s", v, pin))
					} else {
						p.warn("%s:%d: lockfileVersion %s is not one stagecraft knows; installing pnpm %s (set packageManager to pin it)", pm.lockfile, line, v, pnpmDefault)
					}
				}
			}
		}
	case "yarn":
		rc := join(root, ".yarnrc.yml")
		if s.ix.has(rc) {
			pm.berry = true
			p.addEvidence("package_manager", rc, 0, ".yarnrc.yml: Yarn Berry (2+)")
			pm.yarnPath = yarnPathOf(s, rc)
		}
		if pm.version != "" {
			if major, ok := nodeMajor(pm.version); ok && major >= 2 {
				pm.berry = true
			} else if pm.berry {
				p.warn("packageManager says yarn@%s (classic), but %s is Yarn Berry configuration; using Yarn %s", pm.version, rc, pm.version)
				pm.berry = false
			}
		} else if !pm.berry && pm.lockfile != "" && berryLockfile(s, pm.lockfile) {
			pm.berry = true
			p.addEvidence("package_manager", pm.lockfile, 0, "__metadata in yarn.lock: Yarn Berry (2+)")
		}
		if pm.version == "" && pm.yarnPath != "" {
			pm.version = versionFromYarnPath(pm.yarnPath)
		}
		if pm.version == "" {
			pm.version = yarnClassicDefault
			if pm.berry {
				pm.version = yarnBerryDefault
			}
		}
	case "bun":
		if pm.version == "" {
			pm.version = bunDefault
		}
	}
	if pm.berry {
		p.PackageManager = "yarn-berry"
	} else {
		p.PackageManager = pm.name
	}
	return pm
}

// parsePackageManager reads "pnpm@9.12.0+sha512.abc" as ("pnpm", "9.12.0").
func parsePackageManager(v string) (string, string, bool) {
	name, version, ok := strings.Cut(strings.TrimSpace(v), "@")
	if !ok {
		return "", "", false
	}
	version, _, _ = strings.Cut(version, "+")
	switch name {
	case "npm", "pnpm", "yarn", "bun":
	default:
		return "", "", false
	}
	if !semverish(version) {
		return "", "", false
	}
	return name, version, true
}

// semverish accepts 1.2.3 and 1.2.3-rc.1 (letters, digits, . and -).
func semverish(v string) bool {
	if v == "" || v[0] < '0' || v[0] > '9' {
		return false
	}
	for _, r := range v {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// pnpmLockfileVersion reads lockfileVersion from the head of pnpm-lock.yaml
// (lockfiles can be large; the version is on the first lines).
func pnpmLockfileVersion(s *scan, file string) (string, int, bool) {
	head, ok := readHead(s, file, 4096)
	if !ok {
		return "", 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(head))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if !strings.HasPrefix(line, "lockfileVersion:") {
			continue
		}
		var doc struct {
			V any `yaml:"lockfileVersion"`
		}
		if yaml.Unmarshal([]byte(line), &doc) != nil || doc.V == nil {
			return "", n, false
		}
		return fmt.Sprint(doc.V), n, true
	}
	return "", 0, false
}

func berryLockfile(s *scan, file string) bool {
	head, ok := readHead(s, file, 2048)
	return ok && bytes.Contains(head, []byte("\n__metadata:"))
}

func readHead(s *scan, file string, n int) ([]byte, bool) {
	f, err := s.ix.fsys.Open(file)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	buf := make([]byte, n)
	m, _ := f.Read(buf)
	return buf[:m], m > 0
}

func yarnPathOf(s *scan, rc string) string {
	dt, ok := s.ix.readManifest(rc)
	if !ok {
		return ""
	}
	var cfg struct {
		YarnPath string `yaml:"yarnPath"`
	}
	var te *yaml.TypeError
	if err := yaml.Unmarshal(dt, &cfg); errors.As(err, &te) {
		s.ix.warn("%s: yarnPath is not a string; Yarn is installed from the registry instead", rc)
		return ""
	} else if err != nil {
		s.ix.warn("%s: not valid YAML; its yarnPath is not used", rc)
		return ""
	}
	p := cleanRel(cfg.YarnPath)
	if p != "" && !s.ix.has(join(path.Dir(rc), p)) {
		// Running a release that is not there would fail the build.
		s.ix.warn("%s: yarnPath %q is not a file in the repository; Yarn is installed from the registry instead", rc, cfg.YarnPath)
		return ""
	}
	return p
}

// versionFromYarnPath reads 4.5.0 from .yarn/releases/yarn-4.5.0.cjs.
func versionFromYarnPath(p string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(p), ".cjs"), ".js")
	v := strings.TrimPrefix(base, "yarn-")
	if v != base && semverish(v) {
		return v
	}
	return ""
}

// detectNodeVersion applies the documented order: .nvmrc, .node-version,
// .tool-versions, volta, engines.node, else the current LTS. dirs are
// searched in order (the project folder, then the workspace root).
func detectNodeVersion(s *scan, dirs []string, pj, rootPJ *packageJSON, p *Project) {
	set := func(v, file string, line int, detail string) {
		p.LanguageVersion = v
		p.addEvidence("language_version", file, line, detail)
	}
	// rejected are values that were there but could not be used: the
	// evidence for the fallback names them instead of saying nothing was
	// stated.
	type rejection struct {
		file string
		line int
		why  string
	}
	var rejected []rejection
	// key names the value in the evidence (".nvmrc", "engines.node"); the
	// warning, which names the file, leaves out a key that is the file.
	reject := func(file string, line int, key, problem string) {
		if key == path.Base(file) {
			p.warn("%s: %s; ignored", where(file, line), problem)
		} else {
			p.warn("%s: %s %s; ignored", where(file, line), key, problem)
		}
		rejected = append(rejected, rejection{file, line, key + " " + problem})
	}
	found := false
	for _, d := range dirs {
		for _, name := range []string{".nvmrc", ".node-version"} {
			file := join(d, name)
			if found || !s.ix.has(file) {
				continue
			}
			dt, ok := s.ix.readManifest(file)
			if !ok {
				continue
			}
			v, note, err := nodeVersionFile(string(dt))
			if err != nil {
				reject(file, 1, name, err.Error())
				continue
			}
			detail := name + " " + strings.TrimSpace(firstLine(string(dt)))
			if note != "" {
				detail = name + " " + note
			}
			set(v, file, 1, detail)
			found = true
		}
		if found {
			break
		}
		file := join(d, ".tool-versions")
		if s.ix.has(file) {
			// "nodejs 22.1.0" (asdf) or "node 22.1.0" (mise).
			if raw, line, ok := toolVersion(s, file, "nodejs", "node"); ok {
				if v := strings.TrimPrefix(raw, "v"); nodeVersionRe(v) {
					set(v, file, line, "nodejs "+v)
					found = true
					break
				}
				reject(file, line, "nodejs", fmt.Sprintf("%q is not a plain version", raw))
			}
		}
	}
	pjs := []*packageJSON{pj}
	if rootPJ != nil && rootPJ != pj {
		pjs = append(pjs, rootPJ)
	}
	if !found {
		for _, x := range pjs {
			if x.VoltaNode == "" {
				continue
			}
			if nodeVersionRe(strings.TrimPrefix(x.VoltaNode, "v")) {
				set(strings.TrimPrefix(x.VoltaNode, "v"), x.file, x.line("volta.node"), "volta.node "+x.VoltaNode)
				found = true
				break
			}
			reject(x.file, x.line("volta.node"), "volta.node", fmt.Sprintf("%q is not a version such as 20.11.1", x.VoltaNode))
		}
	}
	var engines string
	var enginesPJ *packageJSON
	for _, x := range pjs {
		if r, ok := x.Engines["node"]; ok && strings.TrimSpace(r) != "" {
			engines, enginesPJ = r, x
			break
		}
	}
	if engines != "" {
		enginesLine := enginesPJ.line("engines.node")
		c, cerr := semverConstraint(engines)
		switch {
		case cerr != nil:
			reject(enginesPJ.file, enginesLine, "engines.node", fmt.Sprintf("%q is not a version range", engines))
		case found:
			// The version file wins; say so when it disagrees with engines.
			if major, ok := nodeMajor(p.LanguageVersion); ok && !versionSatisfies(c, p.LanguageVersion, major) {
				p.warn("Node %s (from %s) is outside engines.node %q in %s", p.LanguageVersion, evidenceFile(p, "language_version"), engines, enginesPJ.file)
			}
		default:
			major, why, ok, _ := resolveEngines(engines)
			if ok {
				set(strconv.Itoa(major), enginesPJ.file, enginesLine, why)
				found = true
			} else {
				reject(enginesPJ.file, enginesLine, "engines.node", fmt.Sprintf("%q: no Node release line stagecraft knows satisfies it", engines))
			}
		}
	}
	if !found {
		if len(rejected) > 0 {
			whys := make([]string, 0, len(rejected))
			for _, r := range rejected {
				whys = append(whys, r.why)
			}
			set(strconv.Itoa(currentLTS), rejected[0].file, rejected[0].line, fmt.Sprintf("%s; the current LTS, %d", strings.Join(whys, "; "), currentLTS))
		} else {
			set(strconv.Itoa(currentLTS), pj.file, 0, fmt.Sprintf("no .nvmrc, .node-version, .tool-versions, volta.node or engines.node: the current LTS, %d", currentLTS))
		}
	}
	if major, ok := nodeMajor(p.LanguageVersion); ok {
		if eol, past := nodeEOL(major); past {
			p.warn("Node %d reached end of life on %s: it gets no security fixes; move to Node %d", major, eol, currentLTS)
		}
	}
}

// where is file:line, or file when the line is unknown.
func where(file string, line int) string {
	return Evidence{File: file, Line: line}.Where()
}

func evidenceFile(p *Project, field string) string {
	if e, ok := p.EvidenceFor(field); ok {
		return e.Where()
	}
	return "detection"
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

// detectNodeWorkspace makes a project of every workspace package that is
// an app (a start script, or a build script and no other package depends
// on it). The lockfile and the build context are the workspace root.
func detectNodeWorkspace(s *scan, root string, rootPJ *packageJSON, patterns []string, wsFile string) ([]Project, error) {
	members, err := expandWorkspace(s, root, patterns)
	if err != nil {
		return nil, err
	}
	if len(members) == 0 {
		s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s declares workspaces (%s) but no package.json matches them", wsFile, strings.Join(patterns, ", ")))
		if looksLikeNodeApp(s, root, rootPJ) {
			p, err := detectNodeApp(s, root, root, rootPJ, nil)
			if err != nil {
				return nil, err
			}
			return []Project{p}, nil
		}
		return nil, &ManifestError{File: wsFile, Err: fmt.Errorf("no workspace package matches %s", strings.Join(patterns, ", "))}
	}
	pjs := map[string]*packageJSON{}
	byName := map[string]string{}
	for _, m := range members {
		pj, err := readPackageJSON(s, join(root, m, "package.json"))
		if err != nil {
			return nil, err
		}
		pjs[m] = pj
		if pj.Name != "" {
			byName[pj.Name] = m
		}
	}
	// Which packages other packages depend on: those are libraries.
	dependedOn := map[string]bool{}
	deps := map[string][]string{}
	for _, m := range members {
		for _, d := range pjs[m].allDeps() {
			if dir, ok := byName[d]; ok && dir != m {
				dependedOn[dir] = true
				deps[m] = append(deps[m], dir)
			}
		}
	}
	var projects []Project
	var libs []string
	var firstErr error
	for _, m := range members {
		pj := pjs[m]
		_, hasStart := pj.script("start")
		_, hasBuild := pj.script("build")
		if !hasStart && !(hasBuild && !dependedOn[m]) {
			libs = append(libs, m)
			continue
		}
		ws := buildWorkspaceInfo(s, root, m, members, pjs, deps)
		p, err := detectNodeApp(s, join(root, m), root, pj, &nodeWS{info: ws, rootPJ: rootPJ})
		if err != nil {
			if _, ok := err.(*notAppError); ok {
				libs = append(libs, m)
				continue
			}
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		projects = append(projects, p)
	}
	if len(libs) > 0 {
		s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s: workspace packages without an app to run (libraries, built as dependencies): %s", wsFile, strings.Join(libs, ", ")))
	}
	if len(projects) == 0 && firstErr != nil {
		return nil, firstErr
	}
	if len(projects) == 0 {
		return nil, &ManifestError{File: wsFile, Err: fmt.Errorf("no workspace package has a start or build script; nothing to run")}
	}
	return projects, nil
}

type nodeWS struct {
	info   *NodeWorkspace
	rootPJ *packageJSON
}

// expandWorkspace returns the folders (relative to root) that hold a
// package.json and match the workspace globs, sorted.
func expandWorkspace(s *scan, root string, patterns []string) ([]string, error) {
	var include, exclude []string
	for _, pat := range patterns {
		pat = strings.TrimSpace(pat)
		neg := strings.HasPrefix(pat, "!")
		pat = cleanRel(strings.TrimPrefix(pat, "!"))
		pat = strings.TrimSuffix(pat, "/package.json")
		if pat == "" || pat == "." || strings.HasPrefix(pat, "..") {
			continue
		}
		if neg {
			exclude = append(exclude, pat)
		} else {
			include = append(include, pat)
		}
	}
	var out []string
	for _, f := range s.ix.under(root) {
		if path.Base(f.path) != "package.json" {
			continue
		}
		dir := rel(root, path.Dir(f.path))
		if dir == "." {
			continue
		}
		if matchAnyGlob(include, dir) && !matchAnyGlob(exclude, dir) {
			out = append(out, dir)
		}
	}
	sort.Strings(out)
	return out, nil
}

func matchAnyGlob(globs []string, p string) bool {
	for _, g := range globs {
		if globMatch(strings.Split(g, "/"), strings.Split(p, "/")) {
			return true
		}
	}
	return false
}

// globMatch matches path segments against glob segments; "**" matches
// any number of segments.
func globMatch(g, p []string) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			for i := 0; i <= len(p); i++ {
				if globMatch(g[1:], p[i:]) {
					return true
				}
			}
			return false
		}
		if len(p) == 0 {
			return false
		}
		if ok, err := path.Match(g[0], p[0]); err != nil || !ok {
			return false
		}
		g, p = g[1:], p[1:]
	}
	return len(p) == 0
}

// buildWorkspaceInfo lists the members app needs (itself and its workspace
// dependencies, transitively) in dependency order.
func buildWorkspaceInfo(s *scan, root, app string, members []string, pjs map[string]*packageJSON, deps map[string][]string) *NodeWorkspace {
	ws := &NodeWorkspace{Root: root, Dir: app}
	needed := map[string]bool{}
	var order []string
	var visit func(m string)
	visit = func(m string) {
		if needed[m] {
			return
		}
		needed[m] = true
		ds := append([]string{}, deps[m]...)
		sort.Strings(ds)
		for _, d := range ds {
			visit(d)
		}
		order = append(order, m)
	}
	visit(app)
	pos := map[string]int{}
	for i, m := range order {
		pos[m] = i + 1
	}
	for _, m := range members {
		pj := pjs[m]
		_, build := pj.script("build")
		mem := NodeMember{Dir: m, Name: pj.Name, Build: build, Needed: needed[m], Order: pos[m]}
		if build && m != app {
			if out := outputOfMain(pj.Main); out != "" {
				mem.Outputs = []string{out}
			}
		}
		ws.Members = append(ws.Members, mem)
	}
	return ws
}

// outputOfMain is the top folder of a built main ("dist/index.js" → dist).
func outputOfMain(main string) string {
	main = cleanRel(main)
	if !strings.Contains(main, "/") {
		return ""
	}
	top, _, _ := strings.Cut(main, "/")
	switch top {
	case "dist", "build", "lib", "out", "output":
		return top
	}
	return ""
}

// cleanRel turns "./dist/index.js" into "dist/index.js"; "" for paths that
// leave the folder.
func cleanRel(p string) string {
	p = strings.TrimSpace(p)
	if p == "" {
		return ""
	}
	c := path.Clean(strings.TrimPrefix(p, "./"))
	if c == "." || strings.HasPrefix(c, "../") || c == ".." || path.IsAbs(c) {
		return ""
	}
	return c
}

func stringKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func limit(xs []string, n int) []string {
	if len(xs) <= n {
		return xs
	}
	return append(append([]string{}, xs[:n]...), fmt.Sprintf("and %d more", len(xs)-n))
}
