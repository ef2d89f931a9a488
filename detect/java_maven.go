package detect

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// pomFile is one parsed pom.xml and, when it is in the tree, its parent.
type pomFile struct {
	file   string // tree path
	dir    string
	root   *xnode
	parent *pomFile // the local parent pom, nil when remote or absent
	build  *mavenBuild
}

// mavenBuild is every pom of one reactor, loaded once.
type mavenBuild struct {
	s    *scan
	dir  string // the project folder
	poms map[string]*pomFile
	// cli holds -Dname=value from .mvn/maven.config: user properties beat
	// the pom's.
	cli     map[string]string
	loading map[string]bool
}

func detectMaven(s *scan, p *Project, info *JavaInfo, dir string) ([]javaVersionFound, error) {
	mb := &mavenBuild{s: s, dir: dir, poms: map[string]*pomFile{}, cli: map[string]string{}, loading: map[string]bool{}}
	info.BuildTool = "maven"
	p.PackageManager = "maven"
	mb.readMavenConfig()

	rootFile := join(dir, "pom.xml")
	root, err := mb.load(rootFile)
	if err != nil {
		return nil, err
	}
	p.addEvidence("stack", rootFile, root.root.line, "Maven project "+root.coordinates())

	// Every module of the reactor, root first, in declaration order.
	modules := []*pomFile{root}
	seen := map[string]bool{rootFile: true}
	var walk func(pf *pomFile, depth int) error
	walk = func(pf *pomFile, depth int) error {
		for _, m := range pf.root.at("modules").all("module") {
			rel := strings.TrimSpace(m.text)
			file := path.Clean(path.Join(pf.dir, rel))
			if !strings.HasSuffix(file, ".xml") {
				file = path.Join(file, "pom.xml")
			}
			if escapes(dir, file) {
				s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s:%d: module %s is outside the project folder; not built", pf.file, m.line, rel))
				continue
			}
			if !s.ix.has(file) {
				p.warn("%s:%d: module %s has no %s; skipped", pf.file, m.line, rel, file)
				continue
			}
			if seen[file] {
				continue
			}
			seen[file] = true
			child, err := mb.load(file)
			if err != nil {
				return err
			}
			modules = append(modules, child)
			if depth < 8 {
				if err := walk(child, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}

	for _, m := range modules {
		mdir := relDir(dir, m.dir)
		info.BuildFiles = append(info.BuildFiles, rel(dir, m.file))
		info.OutputDirs = append(info.OutputDirs, path.Join(mdir, "target"))
		if m != root {
			info.Modules = append(info.Modules, mdir)
		}
		if id, ok := m.resolve(m.artifactID()); ok && m != root {
			info.ReactorArtifactIDs = append(info.ReactorArtifactIDs, id)
		}
		if m.hasPlugin("kotlin-maven-plugin") {
			info.Kotlin = true
		}
		app, ok := mb.classify(m)
		if ok {
			info.Apps = append(info.Apps, app)
		}
	}
	if hasAnyUnder(s, join(dir, ".mvn")) {
		info.BuildDirs = append(info.BuildDirs, ".mvn")
	}
	mavenWrapper(s, p, info, dir)

	if len(info.Apps) == 0 {
		return nil, &ManifestError{File: rootFile, Err: errors.New("nothing to run: no module applies the Spring Boot, Quarkus or shade plugin, declares a main class (maven-jar-plugin <mainClass>, exec.mainClass) or has a class with a main method; stagecraft builds applications, not libraries")}
	}
	sortApps(info)
	app := info.Apps[0]
	chosen := mb.poms[join(dir, app.Module, "pom.xml")]
	if app.Module == "." {
		chosen = root
	}
	if fw, _, ok := chosen.framework(); ok && fw.name == app.Framework {
		info.FrameworkVersion = fw.version
	}
	return chosen.javaVersions(), nil
}

// readMavenConfig reads -Dname=value options from .mvn/maven.config.
func (mb *mavenBuild) readMavenConfig() {
	file := join(mb.dir, ".mvn/maven.config")
	if !mb.s.ix.has(file) {
		return
	}
	dt, ok := mb.s.ix.readManifest(file)
	if !ok {
		return
	}
	fields := strings.Fields(string(dt))
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if f == "-D" && i+1 < len(fields) {
			i++
			f = "-D" + fields[i]
		}
		if kv, ok := strings.CutPrefix(f, "-D"); ok {
			k, v, _ := strings.Cut(kv, "=")
			mb.cli[k] = strings.Trim(v, `"'`)
		}
	}
}

func (mb *mavenBuild) load(file string) (*pomFile, error) {
	if pf, ok := mb.poms[file]; ok {
		return pf, nil
	}
	dt, ok := mb.s.ix.readManifest(file)
	if !ok {
		return nil, mb.s.ix.unreadable(file)
	}
	root, err := parseXMLTree(file, dt)
	if err != nil {
		return nil, err
	}
	if root.name != "project" {
		return nil, &ManifestError{File: file, Line: root.line, Err: fmt.Errorf("the root element is <%s>, not <project>", root.name)}
	}
	pf := &pomFile{file: file, dir: path.Dir(file), root: root, build: mb}
	mb.poms[file] = pf
	if pf.artifactID() == "" {
		return nil, &ManifestError{File: file, Line: root.line, Err: errors.New("no <artifactId>")}
	}
	mb.loading[file] = true
	defer delete(mb.loading, file)
	if ref := root.child("parent"); ref != nil {
		rel := "../pom.xml"
		if rp := ref.child("relativePath"); rp != nil {
			rel = rp.text // an empty <relativePath/> means: from a repository
		}
		if rel != "" {
			pfile := path.Clean(path.Join(pf.dir, rel))
			if !strings.HasSuffix(pfile, ".xml") {
				pfile = path.Join(pfile, "pom.xml")
			}
			if !escapes(mb.dir, pfile) && mb.s.ix.has(pfile) && !mb.loading[pfile] {
				parent, err := mb.load(pfile)
				if err != nil {
					return nil, err
				}
				want, _, _ := ref.value("artifactId")
				if parent.artifactID() == want {
					pf.parent = parent
				}
			}
		}
	}
	return pf, nil
}

// escapes reports a tree path outside dir.
func escapes(dir, p string) bool {
	if strings.HasPrefix(p, "../") || p == ".." {
		return true
	}
	return dir != "." && p != dir && !strings.HasPrefix(p, dir+"/")
}

func relDir(dir, p string) string {
	if p == dir {
		return "."
	}
	return rel(dir, p)
}

func hasAnyUnder(s *scan, dir string) bool { return len(s.ix.under(dir)) > 0 }

func (pf *pomFile) artifactID() string {
	v, _, _ := pf.root.value("artifactId")
	return v
}

func (pf *pomFile) coordinates() string {
	g, _, ok := pf.root.value("groupId")
	if !ok {
		g, _, _ = pf.root.value("parent", "groupId")
	}
	id := pf.artifactID()
	if g != "" {
		id = g + ":" + id
	}
	if v, ok := pf.resolve(pf.rawVersion()); ok && v != "" {
		id += ":" + v
	}
	return id
}

func (pf *pomFile) rawVersion() string {
	if v, _, ok := pf.root.value("version"); ok {
		return v
	}
	v, _, _ := pf.root.value("parent", "version")
	return v
}

// chain is the pom and its local parents, nearest first.
func (pf *pomFile) chain() []*pomFile {
	var out []*pomFile
	for p := pf; p != nil && len(out) < 16; p = p.parent {
		out = append(out, p)
	}
	return out
}

// lookup finds a property for ${name}: .mvn/maven.config first, then
// the project's own values, then <properties> up the local parents.
func (pf *pomFile) lookup(name string) (string, bool) {
	if v, ok := pf.build.cli[name]; ok {
		return v, true
	}
	switch name {
	case "project.version", "pom.version", "version":
		if v := pf.rawVersion(); v != "" {
			return v, true
		}
	case "project.artifactId", "pom.artifactId":
		return pf.artifactID(), true
	case "project.groupId", "pom.groupId":
		if v, _, ok := pf.root.value("groupId"); ok {
			return v, true
		}
		if v, _, ok := pf.root.value("parent", "groupId"); ok {
			return v, true
		}
	case "project.parent.version":
		if v, _, ok := pf.root.value("parent", "version"); ok {
			return v, true
		}
	}
	for _, p := range pf.chain() {
		if v, _, ok := p.root.value("properties", name); ok {
			return v, true
		}
	}
	return "", false
}

// resolve replaces ${...} references; ok is false when one is left.
func (pf *pomFile) resolve(s string) (string, bool) {
	for depth := 0; depth < 10 && strings.Contains(s, "${"); depth++ {
		var b strings.Builder
		changed := false
		i := 0
		for {
			j := strings.Index(s[i:], "${")
			if j < 0 {
				b.WriteString(s[i:])
				break
			}
			j += i
			k := strings.IndexByte(s[j:], '}')
			if k < 0 {
				b.WriteString(s[i:])
				break
			}
			k += j
			b.WriteString(s[i:j])
			if v, ok := pf.lookup(s[j+2 : k]); ok {
				b.WriteString(v)
				changed = true
			} else {
				b.WriteString(s[j : k+1])
			}
			i = k + 1
		}
		s = b.String()
		if !changed {
			break
		}
	}
	return s, !strings.Contains(s, "${")
}

// plugin is the nearest declaration of a plugin in build/plugins (where
// it runs), searching the local parents too; managed is the nearest
// build/pluginManagement entry, which only configures.
func (pf *pomFile) plugin(artifactID string) (decl *xnode, owner *pomFile) {
	for _, p := range pf.chain() {
		for _, pl := range p.root.at("build", "plugins").all("plugin") {
			if id, _, _ := pl.value("artifactId"); id == artifactID {
				return pl, p
			}
		}
	}
	return nil, nil
}

func (pf *pomFile) managed(artifactID string) *xnode {
	for _, p := range pf.chain() {
		for _, pl := range p.root.at("build", "pluginManagement", "plugins").all("plugin") {
			if id, _, _ := pl.value("artifactId"); id == artifactID {
				return pl
			}
		}
	}
	return nil
}

func (pf *pomFile) hasPlugin(artifactID string) bool {
	decl, _ := pf.plugin(artifactID)
	return decl != nil
}

// pluginSetting is a plugin's <configuration> value (from its declaration,
// its executions, or its managed entry), resolved.
func (pf *pomFile) pluginSetting(artifactID string, names ...string) (string, int, *pomFile, bool) {
	decl, owner := pf.plugin(artifactID)
	candidates := []*xnode{decl, pf.managed(artifactID)}
	for _, pl := range candidates {
		if pl == nil {
			continue
		}
		confs := []*xnode{pl.child("configuration")}
		for _, ex := range pl.at("executions").all("execution") {
			confs = append(confs, ex.child("configuration"))
		}
		for _, c := range confs {
			if n := c.at(names...); n != nil {
				v, _ := pf.resolve(n.text)
				if owner == nil {
					owner = pf
				}
				return v, n.line, owner, true
			}
		}
	}
	return "", 0, nil, false
}

// propertyAt finds a property's declaration (for evidence).
func (pf *pomFile) propertyAt(name string) (string, *pomFile, int, bool) {
	for _, p := range pf.chain() {
		if v, line, ok := p.root.value("properties", name); ok {
			return v, p, line, true
		}
	}
	return "", nil, 0, false
}

type frameworkFound struct{ name, version string }

// framework reads Spring Boot (parent, BOM import or plugin), Quarkus and
// Micronaut from the pom and its local parents.
func (pf *pomFile) framework() (frameworkFound, Evidence, bool) {
	for _, p := range pf.chain() {
		ref := p.root.child("parent")
		if ref == nil {
			continue
		}
		id, line, _ := ref.value("artifactId")
		v, _, _ := ref.value("version")
		v, _ = p.resolve(v)
		switch id {
		case "spring-boot-starter-parent":
			return frameworkFound{"spring-boot", v}, Evidence{Field: "framework", File: p.file, Line: line, Detail: "parent spring-boot-starter-parent " + v}, true
		case "micronaut-parent":
			return frameworkFound{"micronaut", v}, Evidence{Field: "framework", File: p.file, Line: line, Detail: "parent micronaut-parent " + v}, true
		}
	}
	for _, p := range pf.chain() {
		for _, d := range p.root.at("dependencyManagement", "dependencies").all("dependency") {
			id, line, _ := d.value("artifactId")
			v, _, _ := d.value("version")
			v, _ = p.resolve(v)
			switch id {
			case "spring-boot-dependencies":
				return frameworkFound{"spring-boot", v}, Evidence{Field: "framework", File: p.file, Line: line, Detail: "imports spring-boot-dependencies " + v}, true
			case "quarkus-bom", "quarkus-universe-bom":
				return frameworkFound{"quarkus", v}, Evidence{Field: "framework", File: p.file, Line: line, Detail: "imports " + id + " " + v}, true
			}
		}
	}
	for _, c := range []struct{ plugin, name string }{
		{"spring-boot-maven-plugin", "spring-boot"}, {"quarkus-maven-plugin", "quarkus"}, {"micronaut-maven-plugin", "micronaut"},
	} {
		decl, owner := pf.plugin(c.plugin)
		if decl == nil {
			continue
		}
		v, _, _ := decl.value("version")
		if v == "" {
			v, _, _ = pf.managed(c.plugin).value("version")
		}
		v, _ = pf.resolve(v)
		return frameworkFound{c.name, v}, Evidence{Field: "framework", File: owner.file, Line: decl.line, Detail: strings.TrimSpace(c.plugin + " " + v)}, true
	}
	return frameworkFound{}, Evidence{}, false
}

// classify decides whether a module builds something runnable, and how.
func (mb *mavenBuild) classify(pf *pomFile) (JavaApp, bool) {
	s := mb.s
	packaging, _ := pf.resolve(firstNonEmpty(pf.root.at("packaging")))
	if packaging == "" {
		packaging = "jar"
	}
	if packaging == "pom" {
		return JavaApp{}, false
	}
	module := relDir(mb.dir, pf.dir)
	app := JavaApp{Module: module}
	app.Name, _ = pf.resolve(pf.artifactID())
	if module != "." {
		app.ID = module
	}
	fw, fwEv, hasFW := pf.framework()
	finalName := "${project.artifactId}-${project.version}"
	for _, p := range pf.chain() {
		if v, _, ok := p.root.value("build", "finalName"); ok && v != "" {
			finalName = v
			break
		}
	}
	name, exact := pf.resolve(finalName)
	target := path.Join(module, "target")
	artifact := func(classifier, ext string) {
		if !exact {
			app.Artifact = target + "/*." + ext
			return
		}
		if classifier != "" {
			name += "-" + classifier
		}
		app.Artifact = path.Join(target, name+"."+ext)
		app.ArtifactExact = true
	}
	mains := findMainClasses(s, pf.dir)

	bootDecl, bootOwner := pf.plugin("spring-boot-maven-plugin")
	if bootDecl != nil {
		if skip, _, _, _ := pf.pluginSetting("spring-boot-maven-plugin", "skip"); skip == "true" {
			return JavaApp{}, false
		}
		app.Kind, app.Framework, app.rank = "boot", "spring-boot", 0
		if hasFW && fw.name == "spring-boot" {
			app.evs = append(app.evs, fwEv)
		}
		classifier, _, _, _ := pf.pluginSetting("spring-boot-maven-plugin", "classifier")
		if packaging == "war" {
			artifact(classifier, "war")
			app.FatJar = true
		} else {
			artifact(classifier, "jar")
			bootLayers(&app, fw.version, hasFW && fw.name == "spring-boot")
			if v, _, _, ok := pf.pluginSetting("spring-boot-maven-plugin", "layers", "enabled"); ok && v == "false" {
				app.LayerTool, app.Launcher, app.FatJar = "", "", true
			}
		}
		if m, ok := chooseMainClass(mains, true); ok {
			app.MainClass = m.class
		}
		if v, _, _, ok := pf.pluginSetting("spring-boot-maven-plugin", "mainClass"); ok && v != "" {
			app.MainClass = v
		}
		app.why, app.whyFile, app.whyLine = "spring-boot-maven-plugin: an executable Spring Boot "+packaging, bootOwner.file, bootDecl.line
		appPort(s, &app, bootOwner.file, bootDecl.line)
		return app, true
	}
	if packaging == "war" {
		s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s: a war without Spring Boot needs a servlet container; not built", pf.file))
		return JavaApp{}, false
	}
	if decl, owner := pf.plugin("quarkus-maven-plugin"); decl != nil {
		app.Kind, app.Framework, app.rank = "quarkus", "quarkus", 1
		if hasFW {
			app.evs = append(app.evs, fwEv)
		}
		app.Artifact, app.ArtifactExact = path.Join(target, "quarkus-app"), true
		app.why, app.whyFile, app.whyLine = "quarkus-maven-plugin: the fast-jar in target/quarkus-app", owner.file, decl.line
		if typ, _, _ := propertiesFileValue(s, join(pf.dir, "src/main/resources/application.properties"), "quarkus.package.jar.type", "quarkus.package.type"); typ == "uber-jar" {
			app.Kind = "jar"
			app.FatJar = true
			artifact("runner", "jar")
			app.why = "quarkus-maven-plugin with an uber-jar"
		}
		appPort(s, &app, owner.file, decl.line)
		return app, true
	}

	// A plain jar: shaded (it carries its dependencies) or thin (they are
	// copied beside it); either way it needs a main class.
	app.Kind = "jar"
	main, mainFile, mainLine := mb.declaredMain(pf)
	if main == "" {
		if m, ok := chooseMainClass(mains, false); ok {
			main, mainFile, mainLine = m.class, m.file, m.line
			app.rank = 4
		} else if len(mains) > 1 {
			s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s: several classes have a main method (%s); declare one as exec.mainClass or in maven-jar-plugin's <mainClass>", pf.file, strings.Join(mainClassNames(mains), ", ")))
		}
	} else {
		app.rank = 3
	}
	shade, shadeOwner := pf.plugin("maven-shade-plugin")
	micronaut := hasFW && fw.name == "micronaut"
	if main == "" && shade == nil {
		return JavaApp{}, false
	}
	app.MainClass = main
	if micronaut {
		app.Framework, app.rank = "micronaut", 2
		app.evs = append(app.evs, fwEv)
	}
	switch {
	case shade != nil:
		app.FatJar = true
		classifier := ""
		if v, _, _, _ := pf.pluginSetting("maven-shade-plugin", "shadedArtifactAttached"); v == "true" {
			classifier = "shaded"
			if c, _, _, ok := pf.pluginSetting("maven-shade-plugin", "shadedClassifierName"); ok && c != "" {
				classifier = c
			}
		}
		artifact(classifier, "jar")
		app.why, app.whyFile, app.whyLine = "maven-shade-plugin: a jar with its dependencies", shadeOwner.file, shade.line
	case micronaut:
		// micronaut-parent shades the jar in its own build section.
		app.FatJar = true
		artifact("", "jar")
		app.why, app.whyFile, app.whyLine = "micronaut-parent: a shaded jar", mainFile, mainLine
	default:
		app.Libs = true
		artifact("", "jar")
		app.why, app.whyFile, app.whyLine = "a jar with its runtime dependencies copied beside it", mainFile, mainLine
	}
	if app.MainClass != "" {
		app.why += "; main class " + app.MainClass
	}
	if app.whyFile == "" {
		app.whyFile = pf.file
	}
	appPort(s, &app, pf.file, 0)
	return app, true
}

// declaredMain is the main class a pom names: exec.mainClass-style
// properties, maven-jar-plugin's manifest, the shade plugin's manifest
// transformer, or exec-maven-plugin.
func (mb *mavenBuild) declaredMain(pf *pomFile) (string, string, int) {
	for _, prop := range []string{"exec.mainClass", "main.class", "mainClass", "start-class", "app.main.class"} {
		if v, owner, line, ok := pf.propertyAt(prop); ok {
			if r, ok := pf.resolve(v); ok && r != "" {
				return r, owner.file, line
			}
		}
	}
	if v, line, owner, ok := pf.pluginSetting("maven-jar-plugin", "archive", "manifest", "mainClass"); ok && v != "" {
		return v, owner.file, line
	}
	if decl, owner := pf.plugin("maven-shade-plugin"); decl != nil {
		if n := decl.find("mainClass"); n != nil {
			if v, ok := pf.resolve(n.text); ok && v != "" {
				return v, owner.file, n.line
			}
		}
	}
	if v, line, owner, ok := pf.pluginSetting("exec-maven-plugin", "mainClass"); ok && v != "" {
		return v, owner.file, line
	}
	return "", "", 0
}

// bootLayers: Spring Boot >= 3.3 extracts layers with jarmode=tools,
// 2.4 to 3.2 with jarmode=layertools (layers are on by default from 2.4);
// the loader moved to ...loader.launch in 3.2.
func bootLayers(app *JavaApp, version string, known bool) {
	major, minor, ok := majorMinor(version)
	if !known || !ok {
		app.FatJar = true
		app.warnings = append(app.warnings, "the Spring Boot version is unknown; the jar runs whole, without layers (set the version on the parent or plugin)")
		return
	}
	switch {
	case major > 3 || major == 3 && minor >= 3:
		app.LayerTool = "tools"
	case major == 3 || major == 2 && minor >= 4:
		app.LayerTool = "layertools"
	default:
		app.FatJar = true
		return
	}
	app.Launcher = "org.springframework.boot.loader.JarLauncher"
	if major > 3 || major == 3 && minor >= 2 {
		app.Launcher = "org.springframework.boot.loader.launch.JarLauncher"
	}
}

func majorMinor(v string) (int, int, bool) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	var major, minor int
	if _, err := fmt.Sscanf(parts[0], "%d", &major); err != nil {
		return 0, 0, false
	}
	if _, err := fmt.Sscanf(parts[1], "%d", &minor); err != nil {
		return 0, 0, false
	}
	return major, minor, true
}

func firstNonEmpty(n *xnode) string {
	if n == nil {
		return ""
	}
	return n.text
}

// javaVersions lists, in order of authority, where the pom (or a local
// parent) names the Java version; the first found is the build's.
func (pf *pomFile) javaVersions() []javaVersionFound {
	type source struct {
		plugin string
		names  []string
		prop   string
	}
	sources := []source{
		{plugin: "maven-compiler-plugin", names: []string{"release"}},
		{prop: "maven.compiler.release"},
		{plugin: "maven-compiler-plugin", names: []string{"target"}},
		{prop: "maven.compiler.target"},
		{plugin: "maven-compiler-plugin", names: []string{"source"}},
		{prop: "maven.compiler.source"},
		{prop: "java.version"},
		{plugin: "kotlin-maven-plugin", names: []string{"jvmTarget"}},
		{prop: "kotlin.compiler.jvmTarget"},
	}
	for _, src := range sources {
		if src.plugin != "" {
			v, line, owner, ok := pf.pluginSetting(src.plugin, src.names...)
			if !ok {
				continue
			}
			if major, ok := parseJavaMajor(v); ok {
				return []javaVersionFound{{major: major, file: owner.file, line: line, detail: fmt.Sprintf("%s <%s>%s", src.plugin, src.names[0], v)}}
			}
			continue
		}
		raw, owner, line, ok := pf.propertyAt(src.prop)
		if !ok {
			if v, ok := pf.build.cli[src.prop]; ok {
				raw, owner, line = v, pf, 0
			} else {
				continue
			}
		}
		v, _ := pf.resolve(raw)
		if major, ok := parseJavaMajor(v); ok {
			return []javaVersionFound{{major: major, file: owner.file, line: line, detail: fmt.Sprintf("<%s>%s", src.prop, v)}}
		}
	}
	// spring-boot-starter-parent's own default for java.version.
	for _, p := range pf.chain() {
		if id, line, _ := p.root.value("parent", "artifactId"); id == "spring-boot-starter-parent" {
			v, _, _ := p.root.value("parent", "version")
			v, _ = p.resolve(v)
			if major, _, ok := majorMinor(v); ok {
				java := 17
				if major < 3 {
					java = 8
				}
				return []javaVersionFound{{major: java, file: p.file, line: line, detail: fmt.Sprintf("spring-boot-starter-parent %s defaults to Java %d", v, java)}}
			}
		}
	}
	return nil
}

// mavenWrapper uses ./mvnw when it and its properties are committed.
func mavenWrapper(s *scan, p *Project, info *JavaInfo, dir string) {
	script, props := join(dir, "mvnw"), join(dir, ".mvn/wrapper/maven-wrapper.properties")
	switch {
	case s.ix.has(script) && s.ix.exists(props):
		info.Wrapper = true
		p.PackageManager = "maven (mvnw)"
		detail := "Maven wrapper"
		if v := wrapperDistVersion(s, props, "apache-maven-"); v != "" {
			info.ToolVersion = v
			detail += " (Maven " + v + ")"
		}
		p.addEvidence("package_manager", script, 0, detail)
	case s.ix.has(script):
		p.warn("%s exists but %s does not; building with the Maven image instead", script, props)
		p.addEvidence("package_manager", script, 0, "incomplete wrapper (no "+rel(dir, props)+"): Maven from the maven image")
	default:
		p.addEvidence("package_manager", join(dir, "pom.xml"), 0, "pom.xml without mvnw: Maven from the maven image")
	}
}

// wrapperDistVersion reads the tool version from a wrapper's
// distributionUrl (…/apache-maven-3.9.9-bin.zip, …/gradle-8.10-bin.zip).
func wrapperDistVersion(s *scan, file, prefix string) string {
	v, _, ok := propertiesFileValue(s, file, "distributionUrl")
	if !ok {
		return ""
	}
	base := path.Base(strings.ReplaceAll(v, `\:`, ":"))
	i := strings.Index(base, prefix)
	if i < 0 {
		return ""
	}
	base = base[i+len(prefix):]
	for _, suffix := range []string{"-bin.zip", "-all.zip", "-bin.tar.gz", ".zip"} {
		if strings.HasSuffix(base, suffix) {
			return strings.TrimSuffix(base, suffix)
		}
	}
	return ""
}

// propertiesFileValue reads the first of keys from a .properties file.
func propertiesFileValue(s *scan, file string, keys ...string) (string, int, bool) {
	if !s.ix.exists(file) {
		return "", 0, false
	}
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return "", 0, false
	}
	for _, k := range keys {
		if v, line, ok := propertiesValue(dt, k); ok {
			return v, line, true
		}
	}
	return "", 0, false
}

// sortApps puts the app to build first: Spring Boot, Quarkus, Micronaut,
// a declared main class, a main class found in the sources; then by path.
func sortApps(info *JavaInfo) {
	apps := info.Apps
	for i := 1; i < len(apps); i++ {
		for j := i; j > 0 && (apps[j].rank < apps[j-1].rank || apps[j].rank == apps[j-1].rank && apps[j].Module < apps[j-1].Module); j-- {
			apps[j], apps[j-1] = apps[j-1], apps[j]
		}
	}
}
