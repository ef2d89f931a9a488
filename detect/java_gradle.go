package detect

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// Gradle build scripts are programs; stagecraft does not run them. It
// reads the constructs that matter (plugins, toolchains, compatibility
// levels, application main class, project version, archive names) from
// the token stream of each statement, with the blocks it sits in, so
// comments, strings and formatting do not fool it. Anything computed is
// left unresolved and said so.

const (
	bootPlugin    = "org.springframework.boot"
	quarkusPlugin = "io.quarkus"
)

// gradleScript is one analysed build or settings script.
type gradleScript struct {
	file   string
	kotlin bool
	facts  gradleFacts
}

type pluginUse struct {
	version string
	applied bool
	line    int
}

type gradleValue struct {
	v    string
	ok   bool // a literal (or resolved) value
	line int
	set  bool
}

// gradleFacts is what one script says.
type gradleFacts struct {
	plugins      map[string]pluginUse
	versions     []javaVersionFound
	mainClass    gradleValue
	version      gradleValue // top-level `version = …`
	versionAll   gradleValue // in allprojects/subprojects
	baseName     gradleValue // archivesBaseName, base.archivesName
	boot         archiveSettings
	jar          archiveSettings
	bootClassVer string // spring-boot-gradle-plugin on the buildscript classpath
	vars         map[string]string
	deps         map[string]int // framework markers in dependency strings → line

	// settings only
	rootName      gradleValue
	includes      []gradleInclude
	projectDirs   map[string]string
	includeBuilds []string
}

type gradleInclude struct {
	path string
	line int
}

type archiveSettings struct {
	fileName, baseName, version, classifier gradleValue
	disabled                                bool
	layersOff                               bool
}

type gradleBuild struct {
	s       *scan
	dir     string
	props   map[string]string
	catalog map[string]pluginUse
}

func detectGradle(s *scan, p *Project, info *JavaInfo, dir string) ([]javaVersionFound, error) {
	gb := &gradleBuild{s: s, dir: dir, props: map[string]string{}, catalog: map[string]pluginUse{}}
	info.BuildTool = "gradle"
	p.PackageManager = "gradle"
	gb.readProperties(join(dir, "gradle.properties"))
	if err := gb.readCatalog(join(dir, "gradle/libs.versions.toml")); err != nil {
		return nil, err
	}

	settings := gb.script(dir, "settings")
	root := gb.script(dir, "build")
	if settings == nil && root == nil {
		// The Gradle files are there (the detector ran) but could not be read.
		for _, name := range []string{"settings.gradle.kts", "settings.gradle", "build.gradle.kts", "build.gradle"} {
			if f := join(dir, name); s.ix.has(f) {
				return nil, s.ix.unreadable(f)
			}
		}
		return nil, &ManifestError{File: join(dir, "build.gradle"), Err: errors.New("no Gradle build script")}
	}
	if settings != nil {
		info.BuildFiles = append(info.BuildFiles, rel(dir, settings.file))
	}
	if root != nil {
		info.BuildFiles = append(info.BuildFiles, rel(dir, root.file))
		info.DSL = dslName(root.kotlin)
		p.addEvidence("stack", root.file, 0, "Gradle build ("+info.DSL+" DSL)")
	} else {
		info.DSL = dslName(settings.kotlin)
		p.addEvidence("stack", settings.file, 0, "Gradle settings ("+info.DSL+" DSL)")
	}
	if s.ix.has(join(dir, "gradle.properties")) {
		info.BuildFiles = append(info.BuildFiles, "gradle.properties")
	}
	info.OutputDirs = append(info.OutputDirs, "build", ".gradle")
	if hasAnyUnder(s, join(dir, "gradle")) {
		info.BuildDirs = append(info.BuildDirs, "gradle")
	}
	if hasAnyUnder(s, join(dir, "buildSrc")) {
		info.BuildDirs = append(info.BuildDirs, "buildSrc")
		info.OutputDirs = append(info.OutputDirs, "buildSrc/build", "buildSrc/.gradle")
	}

	// The projects: the root, then every include.
	type gproject struct {
		id, dir string
		script  *gradleScript
		line    int
	}
	projects := []gproject{{id: "", dir: ".", script: root}}
	if settings != nil {
		for _, b := range settings.facts.includeBuilds {
			b = path.Clean(b)
			if escapes(".", b) {
				continue
			}
			info.BuildDirs = append(info.BuildDirs, b)
			info.OutputDirs = append(info.OutputDirs, path.Join(b, "build"), path.Join(b, ".gradle"))
		}
		seen := map[string]bool{}
		for _, inc := range settings.facts.includes {
			id := ":" + strings.TrimPrefix(inc.path, ":")
			if seen[id] || id == ":" {
				continue
			}
			seen[id] = true
			mdir := strings.ReplaceAll(strings.TrimPrefix(id, ":"), ":", "/")
			if d, ok := settings.facts.projectDirs[id]; ok {
				mdir = path.Clean(d)
			}
			if escapes(".", mdir) {
				s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s:%d: project %s is outside the project folder; not built", settings.file, inc.line, id))
				continue
			}
			info.Modules = append(info.Modules, mdir)
			info.OutputDirs = append(info.OutputDirs, path.Join(mdir, "build"), path.Join(mdir, ".gradle"))
			sc := gb.script(join(dir, mdir), "build")
			if sc != nil {
				info.BuildFiles = append(info.BuildFiles, rel(dir, sc.file))
			}
			if f := join(dir, mdir, "gradle.properties"); s.ix.has(f) {
				info.BuildFiles = append(info.BuildFiles, rel(dir, f))
			}
			projects = append(projects, gproject{id: id, dir: mdir, script: sc, line: inc.line})
		}
	}
	gradleWrapper(s, p, info, dir)

	for _, pr := range projects {
		if pr.script == nil {
			continue
		}
		for id := range pr.script.facts.plugins {
			if strings.HasPrefix(id, "org.jetbrains.kotlin.") {
				info.Kotlin = true
			}
		}
		name, nameOK := lastSegment(strings.ReplaceAll(pr.id, ":", ".")), true
		if pr.id == "" {
			name, nameOK = "", false
			if settings != nil && settings.facts.rootName.ok {
				name, nameOK = settings.facts.rootName.v, true
			}
		}
		app, ok := gb.classify(pr.script, root, settings, pr.dir, pr.id, name, nameOK)
		if ok {
			info.Apps = append(info.Apps, app)
		}
	}
	if len(info.Apps) == 0 {
		file := join(dir, "settings.gradle")
		if root != nil {
			file = root.file
		} else if settings != nil {
			file = settings.file
		}
		return nil, &ManifestError{File: file, Err: errors.New("nothing to run: no project applies the Spring Boot, Quarkus, application or shadow plugin; stagecraft builds applications, not libraries (apply `application` with a mainClass)")}
	}
	sortApps(info)
	app := info.Apps[0]
	var chosen *gradleScript
	for _, pr := range projects {
		if pr.dir == app.Module {
			chosen = pr.script
		}
	}
	if u, ok := gb.pluginFor(chosen, root, settings, bootPlugin); ok && app.Framework == "spring-boot" {
		info.FrameworkVersion = u.version
	}
	var versions []javaVersionFound
	versions = append(versions, chosen.facts.versions...)
	if len(versions) == 0 && root != nil && root != chosen {
		versions = append(versions, root.facts.versions...)
	}
	return versions, nil
}

func dslName(kotlin bool) string {
	if kotlin {
		return "kotlin"
	}
	return "groovy"
}

// script finds and analyses <dir>/<kind>.gradle(.kts); nil when absent.
func (gb *gradleBuild) script(dir, kind string) *gradleScript {
	for _, name := range []string{kind + ".gradle.kts", kind + ".gradle"} {
		file := join(dir, name)
		if !gb.s.ix.has(file) {
			continue
		}
		dt, ok := gb.s.ix.readManifest(file)
		if !ok {
			return nil
		}
		kotlin := strings.HasSuffix(name, ".kts")
		sc := &gradleScript{file: file, kotlin: kotlin}
		sc.facts = gb.analyse(file, string(dt), kotlin)
		return sc
	}
	return nil
}

func (gb *gradleBuild) readProperties(file string) {
	if !gb.s.ix.has(file) {
		return
	}
	dt, ok := gb.s.ix.readManifest(file)
	if !ok {
		return
	}
	for _, l := range strings.Split(string(dt), "\n") {
		l = strings.TrimSpace(strings.TrimSuffix(l, "\r"))
		if l == "" || l[0] == '#' || l[0] == '!' {
			continue
		}
		end := strings.IndexAny(l, "=:")
		if end < 0 {
			continue
		}
		gb.props[strings.TrimSpace(l[:end])] = strings.TrimSpace(l[end+1:])
	}
}

// readCatalog reads the plugins of gradle/libs.versions.toml, keyed by
// their accessor (libs.plugins.spring.boot for spring-boot).
func (gb *gradleBuild) readCatalog(file string) error {
	if !gb.s.ix.has(file) {
		return nil
	}
	dt, ok := gb.s.ix.readManifest(file)
	if !ok {
		return nil
	}
	var cat struct {
		Versions map[string]any `toml:"versions"`
		Plugins  map[string]any `toml:"plugins"`
	}
	if err := decodeTOML(file, dt, &cat); err != nil {
		return err
	}
	versionOf := func(v any) string {
		switch v := v.(type) {
		case string:
			return v
		case map[string]any:
			if r, ok := v["ref"].(string); ok {
				if s, ok := cat.Versions[r].(string); ok {
					return s
				}
			}
			if s, ok := v["strictly"].(string); ok {
				return s
			}
			if s, ok := v["require"].(string); ok {
				return s
			}
		}
		return ""
	}
	for alias, v := range cat.Plugins {
		key := "libs.plugins." + catalogAccessor(alias)
		switch v := v.(type) {
		case string:
			id, ver, _ := strings.Cut(v, ":")
			gb.catalog[key] = pluginUse{version: ver, line: 0}
			gb.catalog[key+"#id"] = pluginUse{version: id}
		case map[string]any:
			id, _ := v["id"].(string)
			ver := versionOf(v["version"])
			if ref, ok := v["version.ref"].(string); ok {
				ver, _ = cat.Versions[ref].(string)
			}
			gb.catalog[key] = pluginUse{version: ver}
			gb.catalog[key+"#id"] = pluginUse{version: id}
		}
	}
	return nil
}

// catalogAccessor is the accessor path of a catalog alias: - and _ are
// separators like '.'.
func catalogAccessor(alias string) string {
	return strings.ToLower(strings.NewReplacer("-", ".", "_", ".").Replace(alias))
}

// analyse reads one script's statements.
func (gb *gradleBuild) analyse(file, src string, kotlin bool) gradleFacts {
	f := gradleFacts{plugins: map[string]pluginUse{}, vars: map[string]string{}, deps: map[string]int{}, projectDirs: map[string]string{}}
	stmts := statements(lexJVM(src, kotlin))
	// Variables first, so later statements can use them.
	for _, st := range stmts {
		t := st.toks
		switch {
		case len(t) >= 3 && (t[0].is('i', "val") || t[0].is('i', "var") || t[0].is('i', "def")) && t[1].kind == 'i' && t[2].is('p', "=") && len(t) == 4 && t[3].kind == 's':
			f.vars[t[1].text] = t[3].text
		case st.in("ext") && len(t) == 3 && t[0].kind == 'i' && t[1].is('p', "=") && t[2].kind == 's':
			f.vars[t[0].text] = t[2].text
		case len(t) == 3 && strings.HasPrefix(t[0].text, "ext.") && t[1].is('p', "=") && t[2].kind == 's':
			f.vars[strings.TrimPrefix(t[0].text, "ext.")] = t[2].text
		case len(t) == 6 && (t[0].is('i', "ext") || t[0].is('i', "extra")) && t[1].is('p', "[") && t[2].kind == 's' && t[4].is('p', "=") && t[5].kind == 's':
			f.vars[t[2].text] = t[5].text
		}
	}
	str := func(tok jvmToken) (string, bool) { return gb.resolveString(tok, f.vars) }

	for _, st := range stmts {
		t := st.toks
		if len(t) == 0 {
			continue
		}
		head := t[0]
		switch {
		case st.in("plugins"):
			gb.pluginDecl(&f, t, st.within("pluginManagement"))
			continue
		case head.is('i', "apply"):
			for i := 1; i+2 < len(t); i++ {
				if t[i].is('i', "plugin") && (t[i+1].is('p', ":") || t[i+1].is('p', "=")) && t[i+2].kind == 's' {
					f.plugins[t[i+2].text] = pluginUse{applied: true, line: head.line}
				}
			}
			continue
		case head.is('i', "classpath") && st.within("buildscript"):
			for _, tok := range t {
				if tok.kind == 's' && strings.Contains(tok.text, "spring-boot-gradle-plugin:") {
					v, _ := str(tok)
					f.bootClassVer = v[strings.LastIndexByte(v, ':')+1:]
				}
			}
			continue
		case head.is('i', "include") && !st.within("pluginManagement"):
			for _, tok := range t[1:] {
				if tok.kind == 's' {
					f.includes = append(f.includes, gradleInclude{path: tok.text, line: tok.line})
				}
			}
			continue
		case head.is('i', "includeBuild") && !st.within("pluginManagement"):
			for _, tok := range t[1:] {
				if tok.kind == 's' {
					f.includeBuilds = append(f.includeBuilds, tok.text)
					break
				}
			}
			continue
		case head.is('i', "project") && len(t) > 5 && t[1].is('p', "(") && t[2].kind == 's' && t[3].is('p', ")") && t[4].is('p', ".") && t[5].is('i', "projectDir"):
			for i := len(t) - 1; i > 5; i-- {
				if t[i].kind == 's' {
					f.projectDirs[":"+strings.TrimPrefix(t[2].text, ":")] = t[i].text
					break
				}
			}
			continue
		}
		for _, tok := range t {
			if tok.kind != 's' {
				continue
			}
			switch {
			case strings.HasPrefix(tok.text, "org.springframework.boot:spring-boot-starter"):
				setOnce(f.deps, "spring-boot", tok.line)
			case strings.HasPrefix(tok.text, "io.quarkus:"):
				setOnce(f.deps, "quarkus", tok.line)
			case strings.HasPrefix(tok.text, "io.micronaut"):
				setOnce(f.deps, "micronaut", tok.line)
			}
		}
		gb.javaVersionStmt(&f, file, t)

		// name = value or name.set(value), where name may be qualified.
		name, val, ok := assignment(t)
		if !ok {
			continue
		}
		v, lit := gradleValue{line: head.line, set: true}, false
		if val.kind == 's' {
			v.v, lit = str(val)
		} else if val.kind == 'i' {
			if s, ok := f.vars[val.text]; ok {
				v.v, lit = s, true
			} else if s, ok := gb.props[val.text]; ok {
				v.v, lit = s, true
			} else if val.text == "false" || val.text == "true" {
				v.v, lit = val.text, true
			}
		}
		v.ok = lit
		last := lastSegment(name)
		inBoot, inJar := st.within("bootJar"), st.within("jar") && !st.within("bootJar")
		switch {
		case name == "rootProject.name":
			f.rootName = v
		case (last == "mainClass" || last == "mainClassName") && (st.within("application") || st.within("springBoot") || inBoot || st.topLevel()):
			if !f.mainClass.set || st.within("application") {
				f.mainClass = v
			}
		case (name == "version" || name == "project.version") && st.topLevel():
			f.version = v
		case name == "version" && (st.within("allprojects") || st.within("subprojects")) && len(st.blocks) == 1:
			f.versionAll = v
		case name == "archivesBaseName" || last == "archivesName" && (st.within("base") || strings.HasPrefix(name, "base.")):
			f.baseName = v
		case inBoot || inJar || strings.HasPrefix(name, "bootJar.") || strings.HasPrefix(name, "tasks.bootJar.") || strings.HasPrefix(name, "jar.") || strings.HasPrefix(name, "tasks.jar."):
			a := &f.jar
			if inBoot || strings.Contains(name, "bootJar.") || strings.HasPrefix(name, "bootJar") {
				a = &f.boot
			}
			switch last {
			case "archiveFileName", "archiveName":
				a.fileName = v
			case "archiveBaseName", "baseName":
				a.baseName = v
			case "archiveVersion":
				a.version = v
			case "archiveClassifier", "classifier":
				a.classifier = v
			case "enabled", "isEnabled":
				if v.v == "false" {
					if st.within("layered") {
						a.layersOff = true
					} else {
						a.disabled = true
					}
				}
			}
		}
	}
	return f
}

func setOnce(m map[string]int, k string, v int) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// assignment matches `name = value` and `name.set(value)`; the value is
// the token after = (or inside set(...)) when the statement ends there.
func assignment(t []jvmToken) (string, jvmToken, bool) {
	if len(t) == 3 && t[0].kind == 'i' && t[1].is('p', "=") {
		return t[0].text, t[2], true
	}
	if len(t) == 4 && t[0].kind == 'i' && t[1].is('p', "(") && t[3].is('p', ")") && strings.HasSuffix(t[0].text, ".set") {
		return strings.TrimSuffix(t[0].text, ".set"), t[2], true
	}
	// Groovy's `mainClassName 'x'` and `version '1.0'` call forms.
	if len(t) == 2 && t[0].kind == 'i' && t[1].kind == 's' {
		return t[0].text, t[1], true
	}
	if len(t) >= 3 && t[0].kind == 'i' && t[1].is('p', "=") {
		// A computed value: name it, but leave it unresolved.
		return t[0].text, jvmToken{kind: 'p', line: t[0].line}, true
	}
	return "", jvmToken{}, false
}

// resolveString expands $name and ${name} from the script's variables and
// gradle.properties; ok is false when something is left.
func (gb *gradleBuild) resolveString(tok jvmToken, vars map[string]string) (string, bool) {
	if !tok.interp {
		return tok.text, true
	}
	s := tok.text
	var b strings.Builder
	ok := true
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		var name string
		if i+1 < len(s) && s[i+1] == '{' {
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return s, false
			}
			name = strings.TrimSpace(s[i+2 : i+end])
			i += end
		} else {
			j := i + 1
			for j < len(s) && (isIdentPart(s[j]) || s[j] == '.') {
				j++
			}
			name = s[i+1 : j]
			i = j - 1
		}
		name = strings.TrimPrefix(strings.TrimPrefix(name, "project."), "rootProject.")
		if strings.HasPrefix(name, "property(") || strings.HasPrefix(name, "findProperty(") {
			name = strings.Trim(name[strings.IndexByte(name, '(')+1:], `"')`)
		}
		if v, found := vars[name]; found {
			b.WriteString(v)
		} else if v, found := gb.props[name]; found {
			b.WriteString(v)
		} else {
			ok = false
			b.WriteString("${" + name + "}")
		}
	}
	return b.String(), ok
}

// pluginDecl reads one statement of a plugins {} block.
func (gb *gradleBuild) pluginDecl(f *gradleFacts, t []jvmToken, managementOnly bool) {
	id := ""
	i := 0
	switch {
	case t[0].is('i', "id"):
		i = 1
		if i < len(t) && t[i].is('p', "(") {
			i++
		}
		if i < len(t) && t[i].kind == 's' {
			id = t[i].text
		}
	case t[0].is('i', "kotlin") && len(t) > 2 && t[1].is('p', "(") && t[2].kind == 's':
		id = "org.jetbrains.kotlin." + t[2].text
	case t[0].is('i', "alias") && len(t) > 2 && t[1].is('p', "(") && t[2].kind == 'i':
		key := strings.ToLower(t[2].text)
		if u, ok := gb.catalog[key+"#id"]; ok {
			id = u.version
		}
		use := gb.catalog[key]
		use.line = t[0].line
		use.applied = !managementOnly && !applyFalse(t)
		if id != "" {
			f.plugins[id] = use
		}
		return
	case t[0].kind == 'i' && (len(t) == 1 || t[1].is('i', "apply")):
		id = t[0].text
		if !strings.Contains(id, ".") {
			id = strings.TrimPrefix(id, "`")
		}
	}
	if id == "" {
		return
	}
	use := pluginUse{line: t[0].line, applied: !managementOnly && !applyFalse(t)}
	for j := 0; j+1 < len(t); j++ {
		if t[j].is('i', "version") {
			k := j + 1
			if t[k].is('p', "(") && k+1 < len(t) {
				k++
			}
			if t[k].kind == 's' {
				use.version, _ = gb.resolveString(t[k], f.vars)
			}
		}
	}
	if old, ok := f.plugins[id]; ok && old.applied {
		use.applied = true
	}
	f.plugins[id] = use
}

func applyFalse(t []jvmToken) bool {
	for j := 0; j+1 < len(t); j++ {
		if t[j].is('i', "apply") {
			k := j + 1
			if t[k].is('p', "(") && k+1 < len(t) {
				k++
			}
			if t[k].is('i', "false") {
				return true
			}
		}
	}
	return false
}

// javaVersionStmt finds the Java version constructs in one statement:
// JavaLanguageVersion.of(N), jvmToolchain(N), source/targetCompatibility,
// options.release, Kotlin's jvmTarget.
func (gb *gradleBuild) javaVersionStmt(f *gradleFacts, file string, t []jvmToken) {
	add := func(tok jvmToken, raw, detail string, toolchain bool) {
		if major, ok := parseJavaMajor(raw); ok {
			f.versions = append(f.versions, javaVersionFound{major: major, file: file, line: tok.line, detail: detail, toolchain: toolchain})
		}
	}
	valueAt := func(k int) (string, bool) {
		if k >= len(t) {
			return "", false
		}
		switch t[k].kind {
		case 'n':
			return t[k].text, true
		case 's':
			return gb.resolveString(t[k], f.vars)
		case 'i':
			name := t[k].text
			if strings.HasSuffix(name, "toVersion") && k+2 < len(t) && t[k+1].is('p', "(") {
				return valueAtToken(t[k+2], gb, f)
			}
			if strings.Contains(name, "VERSION_") || strings.Contains(name, "JVM_") {
				return name, true
			}
			if v, ok := f.vars[name]; ok {
				return v, true
			}
			if v, ok := gb.props[name]; ok {
				return v, true
			}
		}
		return "", false
	}
	for i, tok := range t {
		if tok.kind != 'i' {
			continue
		}
		name := strings.TrimSuffix(tok.text, ".set")
		last := lastSegment(name)
		next := i + 1
		if next < len(t) && (t[next].is('p', "=") || t[next].is('p', "(")) {
			next++
		}
		switch {
		case strings.HasSuffix(name, "JavaLanguageVersion.of") || name == "JavaLanguageVersion.of":
			if v, ok := valueAt(next); ok {
				add(tok, v, "toolchain JavaLanguageVersion.of("+v+")", true)
			}
		case last == "jvmToolchain":
			if v, ok := valueAt(next); ok && t[next].kind != 'i' {
				add(tok, v, "kotlin jvmToolchain("+v+")", true)
			}
		case last == "sourceCompatibility" || last == "targetCompatibility":
			if v, ok := valueAt(next); ok {
				add(tok, v, last+" = "+v, false)
			}
		case name == "options.release" || strings.HasSuffix(name, ".options.release"):
			if v, ok := valueAt(next); ok {
				add(tok, v, "options.release = "+v, false)
			}
		case last == "jvmTarget":
			if v, ok := valueAt(next); ok {
				add(tok, v, "kotlin jvmTarget = "+v, false)
			}
		}
	}
}

func valueAtToken(tok jvmToken, gb *gradleBuild, f *gradleFacts) (string, bool) {
	switch tok.kind {
	case 'n':
		return tok.text, true
	case 's':
		return gb.resolveString(tok, f.vars)
	}
	return "", false
}

// pluginFor finds a plugin's use in a project's script, with the version
// from wherever it is declared: the script, the root script (apply
// false), settings' pluginManagement, the buildscript classpath.
func (gb *gradleBuild) pluginFor(sc, root, settings *gradleScript, id string) (pluginUse, bool) {
	if sc == nil {
		return pluginUse{}, false
	}
	use, ok := sc.facts.plugins[id]
	if !ok || !use.applied {
		return pluginUse{}, false
	}
	for _, other := range []*gradleScript{root, settings} {
		if use.version == "" && other != nil {
			use.version = other.facts.plugins[id].version
		}
	}
	if use.version == "" && id == bootPlugin {
		for _, other := range []*gradleScript{sc, root} {
			if other != nil && other.facts.bootClassVer != "" {
				use.version = other.facts.bootClassVer
				break
			}
		}
	}
	return use, true
}

// classify decides whether a Gradle project builds something runnable.
func (gb *gradleBuild) classify(sc, root, settings *gradleScript, module, id, name string, nameOK bool) (JavaApp, bool) {
	app := JavaApp{Module: module, ID: id, Name: name}
	if !nameOK {
		app.Name = path.Base(join(gb.dir, module))
	}
	task := func(t string) string {
		if id == "" {
			return t
		}
		return id + ":" + t
	}
	out := path.Join(module, "build")
	f := sc.facts
	project := func(a archiveSettings, classifier string) (string, bool) {
		if a.fileName.set {
			return a.fileName.v, a.fileName.ok
		}
		base, ok := name, nameOK
		if f.baseName.set {
			base, ok = f.baseName.v, f.baseName.ok
		}
		if a.baseName.set {
			base, ok = a.baseName.v, a.baseName.ok
		}
		ver, vok := gb.projectVersion(sc, root)
		if a.version.set {
			ver, vok = a.version.v, a.version.ok
		}
		if a.classifier.set {
			classifier = a.classifier.v
			ok = ok && a.classifier.ok
		}
		parts := []string{base}
		if ver != "" {
			parts = append(parts, ver)
		}
		if classifier != "" {
			parts = append(parts, classifier)
		}
		return strings.Join(parts, "-") + ".jar", ok && vok
	}
	mains := findMainClasses(gb.s, join(gb.dir, module))

	if use, ok := gb.pluginFor(sc, root, settings, bootPlugin); ok && !f.boot.disabled {
		app.Kind, app.Framework, app.rank, app.Task = "boot", "spring-boot", 0, task("bootJar")
		app.evs = append(app.evs, Evidence{Field: "framework", File: sc.file, Line: use.line, Detail: strings.TrimSpace("plugin " + bootPlugin + " " + use.version)})
		file, exact := project(f.boot, "")
		if exact {
			app.Artifact, app.ArtifactExact = path.Join(out, "libs", file), true
		} else {
			app.Artifact = path.Join(out, "libs", "*.jar")
		}
		bootLayers(&app, use.version, use.version != "")
		if f.boot.layersOff {
			app.LayerTool, app.Launcher, app.FatJar = "", "", true
		}
		if major, minor, ok := majorMinor(use.version); ok && (major > 2 || major == 2 && minor >= 5) && !f.jar.disabled {
			if plain, ok := project(f.jar, "plain"); ok {
				app.PlainJar = path.Join(out, "libs", plain)
			}
		}
		if m, ok := chooseMainClass(mains, true); ok {
			app.MainClass = m.class
		}
		if f.mainClass.ok {
			app.MainClass = f.mainClass.v
		}
		app.why, app.whyFile, app.whyLine = "Spring Boot plugin: bootJar builds the executable jar", sc.file, use.line
		if app.PlainJar != "" {
			app.why += " (not " + path.Base(app.PlainJar) + ")"
		}
		appPort(gb.s, &app, sc.file, use.line)
		return app, true
	}
	if use, ok := gb.pluginFor(sc, root, settings, quarkusPlugin); ok {
		app.Kind, app.Framework, app.rank, app.Task = "quarkus", "quarkus", 1, task("quarkusBuild")
		app.Artifact, app.ArtifactExact = path.Join(out, "quarkus-app"), true
		app.evs = append(app.evs, Evidence{Field: "framework", File: sc.file, Line: use.line, Detail: strings.TrimSpace("plugin " + quarkusPlugin + " " + use.version)})
		app.why, app.whyFile, app.whyLine = "Quarkus plugin: the fast-jar in build/quarkus-app", sc.file, use.line
		appPort(gb.s, &app, sc.file, use.line)
		return app, true
	}
	appPlugin := ""
	for _, pid := range []string{"io.micronaut.application", "application"} {
		if _, ok := gb.pluginFor(sc, root, settings, pid); ok {
			appPlugin = pid
			break
		}
	}
	shadow := ""
	for _, pid := range []string{"com.gradleup.shadow", "com.github.johnrengelman.shadow"} {
		if _, ok := gb.pluginFor(sc, root, settings, pid); ok {
			shadow = pid
		}
	}
	if appPlugin == "" && shadow == "" {
		return JavaApp{}, false
	}
	app.Kind = "dist"
	app.rank = 3
	if appPlugin == "io.micronaut.application" {
		app.Framework, app.rank = "micronaut", 2
		app.evs = append(app.evs, Evidence{Field: "framework", File: sc.file, Line: f.plugins[appPlugin].line, Detail: "plugin io.micronaut.application"})
	}
	if f.mainClass.ok && f.mainClass.v != "" {
		app.MainClass = f.mainClass.v
	} else if m, ok := chooseMainClass(mains, false); ok {
		app.MainClass = m.class
	}
	if appPlugin != "" {
		app.Task = task("installDist")
		dist := name
		if !nameOK {
			dist = "*"
		}
		app.Artifact, app.ArtifactExact = path.Join(out, "install", dist, "lib"), nameOK
		app.why, app.whyFile, app.whyLine = "application plugin: installDist puts the jars in build/install", sc.file, gb.lineOf(sc, appPlugin)
	} else {
		app.Kind, app.FatJar, app.Task = "jar", true, task("shadowJar")
		file, exact := project(archiveSettings{}, "all")
		app.Artifact, app.ArtifactExact = path.Join(out, "libs", file), exact
		if !exact {
			app.Artifact = path.Join(out, "libs", "*-all.jar")
		}
		app.why, app.whyFile, app.whyLine = "shadow plugin: shadowJar builds a jar with its dependencies", sc.file, gb.lineOf(sc, shadow)
	}
	if app.MainClass != "" {
		app.why += "; main class " + app.MainClass
	}
	appPort(gb.s, &app, sc.file, 0)
	return app, true
}

func (gb *gradleBuild) lineOf(sc *gradleScript, id string) int { return sc.facts.plugins[id].line }

// projectVersion is a project's version: its own script, the root's
// allprojects/subprojects, gradle.properties; "" when unspecified.
func (gb *gradleBuild) projectVersion(sc, root *gradleScript) (string, bool) {
	if sc.facts.version.set {
		return sc.facts.version.v, sc.facts.version.ok
	}
	if root != nil && root != sc && root.facts.versionAll.set {
		return root.facts.versionAll.v, root.facts.versionAll.ok
	}
	if root != nil && root == sc && root.facts.versionAll.set {
		return root.facts.versionAll.v, root.facts.versionAll.ok
	}
	if v, ok := gb.props["version"]; ok {
		return v, true
	}
	return "", true
}

// gradleWrapper uses ./gradlew when the script, its properties and its jar
// are committed.
func gradleWrapper(s *scan, p *Project, info *JavaInfo, dir string) {
	script := join(dir, "gradlew")
	props := join(dir, "gradle/wrapper/gradle-wrapper.properties")
	jar := join(dir, "gradle/wrapper/gradle-wrapper.jar")
	switch {
	case s.ix.has(script) && s.ix.exists(props) && s.ix.exists(jar):
		info.Wrapper = true
		p.PackageManager = "gradle (gradlew)"
		detail := "Gradle wrapper"
		if v := wrapperDistVersion(s, props, "gradle-"); v != "" {
			info.ToolVersion = v
			detail += " (Gradle " + v + ")"
		}
		p.addEvidence("package_manager", script, 0, detail)
	case s.ix.has(script):
		var missing []string
		for _, f := range []string{props, jar} {
			if !s.ix.exists(f) {
				missing = append(missing, rel(dir, f))
			}
		}
		p.warn("%s exists but %s does not; building with the Gradle image instead", script, strings.Join(missing, " or "))
		p.addEvidence("package_manager", script, 0, "incomplete wrapper (no "+strings.Join(missing, ", no ")+"): Gradle from the gradle image")
	default:
		// The evidence names the build file that was read, not the
		// gradlew that is not there.
		build, _ := p.EvidenceFor("stack")
		p.addEvidence("package_manager", build.File, 0, "no gradlew: Gradle from the gradle image")
	}
}
