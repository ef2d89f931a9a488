package detect

import (
	"fmt"
	"strconv"
	"strings"
)

func init() {
	register(detector{
		stack:     "java",
		priority:  20,
		manifests: []string{"pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"},
		detect:    detectJava,
	})
}

// JavaInfo is what the Java template needs beyond the common fields. It
// covers Kotlin on the JVM too: the build is the same.
type JavaInfo struct {
	// BuildTool is maven or gradle.
	BuildTool string `json:"build_tool"`
	// Wrapper is true when ./mvnw or ./gradlew (with its properties) is
	// committed: the build runs it on a JDK image instead of a tool image.
	Wrapper bool `json:"wrapper"`
	// ToolVersion is the Maven or Gradle version the wrapper pins.
	ToolVersion string `json:"tool_version,omitempty"`
	// DSL is groovy or kotlin for Gradle builds.
	DSL    string `json:"dsl,omitempty"`
	Kotlin bool   `json:"kotlin"`
	// DeclaredVersion is the Java version the files ask for, before
	// LanguageVersion rounds it up to an LTS.
	DeclaredVersion string `json:"declared_version,omitempty"`
	// Toolchain: the version comes from a Gradle toolchain, which wants
	// exactly that JDK.
	Toolchain        bool   `json:"toolchain,omitempty"`
	FrameworkVersion string `json:"framework_version,omitempty"`
	// Modules are every module folder of a multi-module build, relative to
	// the project; empty for a single-module build.
	Modules []string `json:"modules,omitempty"`
	// Apps are the modules that produce something runnable, the one built
	// by default first.
	Apps []JavaApp `json:"apps"`
	// BuildFiles are copied before dependencies are resolved (pom.xml of
	// every module, Gradle scripts, properties, the wrapper script).
	BuildFiles []string `json:"build_files"`
	// BuildDirs are folders copied whole before that step (.mvn, gradle,
	// buildSrc, included builds).
	BuildDirs []string `json:"build_dirs,omitempty"`
	// OutputDirs are the build's output folders (target, build, .gradle),
	// kept out of the build context.
	OutputDirs []string `json:"output_dirs"`
	// ReactorArtifactIDs are the artifactIds of the Maven modules, which
	// the dependency step must not try to download.
	ReactorArtifactIDs []string `json:"reactor_artifact_ids,omitempty"`
}

// JavaApp is one runnable module and how to build and run it.
type JavaApp struct {
	// Module is the module folder relative to the project ("." for the root).
	Module string `json:"module"`
	// ID names the module to the build tool: the Maven module folder for
	// -pl, or the Gradle project path (:app); "" for the root project.
	ID string `json:"id,omitempty"`
	// Name is the module's artifactId (Maven) or project name (Gradle).
	Name string `json:"name,omitempty"`
	// Kind is boot (a Spring Boot jar), quarkus (the fast-jar folder),
	// jar (a plain or shaded jar) or dist (Gradle's installDist).
	Kind      string `json:"kind"`
	Framework string `json:"framework,omitempty"`
	MainClass string `json:"main_class,omitempty"`
	// Artifact is the file the build produces, relative to the project.
	// When its name cannot be worked out from the build files it is a
	// glob (ArtifactExact false).
	Artifact      string `json:"artifact"`
	ArtifactExact bool   `json:"artifact_exact"`
	// PlainJar is the jar Spring Boot >= 2.5's Gradle plugin builds beside
	// the executable one; it is never the artifact.
	PlainJar string `json:"plain_jar,omitempty"`
	// Libs: a thin jar whose runtime dependencies are copied beside it.
	Libs bool `json:"libs,omitempty"`
	// FatJar: the jar carries its dependencies (shade, Boot without layers).
	FatJar bool `json:"fat_jar,omitempty"`
	// LayerTool is how a Spring Boot jar is split into layers: tools
	// (Boot >= 3.3), layertools (2.4 to 3.2) or "" (not layered).
	LayerTool string `json:"layer_tool,omitempty"`
	// Launcher is the Spring Boot launcher class run from the layers.
	Launcher string `json:"launcher,omitempty"`
	// Task is the Gradle task that builds the artifact (:app:bootJar).
	Task string `json:"task,omitempty"`
	Port *int   `json:"port,omitempty"`
	// evidence for the entry point and the port; warnings about this app.
	why      string
	whyFile  string
	whyLine  int
	rank     int
	evs      []Evidence
	warnings []string
}

// detectJava recognises Maven and Gradle builds. When both are present the
// one with a wrapper wins, Maven otherwise.
func detectJava(s *scan, dir string) ([]Project, error) {
	hasPom := s.ix.has(join(dir, "pom.xml"))
	hasGradle := false
	for _, f := range []string{"build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"} {
		if s.ix.has(join(dir, f)) {
			hasGradle = true
		}
	}
	useGradle := hasGradle && !hasPom
	if hasPom && hasGradle {
		useGradle = s.ix.has(join(dir, "gradlew")) && !s.ix.has(join(dir, "mvnw"))
		tool := "Maven"
		if useGradle {
			tool = "Gradle"
		}
		s.report.Notes = append(s.report.Notes, fmt.Sprintf("%s has both pom.xml and Gradle build files; using %s", displayDir(dir), tool))
	}
	p := Project{Path: dir, Stack: "java", Context: dir}
	info := &JavaInfo{}
	p.Java = info
	var versions []javaVersionFound
	var err error
	if useGradle {
		versions, err = detectGradle(s, &p, info, dir)
	} else {
		versions, err = detectMaven(s, &p, info, dir)
	}
	if err != nil {
		return nil, err
	}
	versions = append(versions, javaVersionFiles(s, dir)...)
	chooseJavaVersion(&p, info, versions)
	finishJava(s, &p, info)
	return []Project{p}, nil
}

// finishJava orders the runnable modules, fills the entry point, port
// and runtimes from the chosen one.
func finishJava(s *scan, p *Project, info *JavaInfo) {
	for i := range info.Apps {
		app := &info.Apps[i]
		p.EntrypointCandidates = append(p.EntrypointCandidates, app.entry())
	}
	app := info.Apps[0]
	p.Entrypoint = app.entry()
	p.Framework = app.Framework
	p.addEvidence("entrypoint", app.whyFile, app.whyLine, app.why)
	p.addEvidence("artifact", app.whyFile, 0, "builds "+app.Artifact)
	if !app.ArtifactExact {
		p.warn("the artifact's name could not be worked out from the build files; the image takes the one jar matching %s", app.Artifact)
	}
	if len(info.Apps) > 1 {
		others := make([]string, 0, len(info.Apps)-1)
		for _, a := range info.Apps[1:] {
			if a.rank == app.rank {
				others = append(others, a.entry())
			}
		}
		if len(others) > 0 {
			p.warn("several runnable modules; building %s. Others: %s — pick one with --entrypoint", app.entry(), strings.Join(others, ", "))
		}
	}
	p.Warnings = append(p.Warnings, app.warnings...)
	p.Evidence = append(p.Evidence, app.evs...)
	if app.Port != nil {
		p.Port = app.Port
	} else {
		exposedPort(s, p)
	}
	javaRuntimes(p)
}

// entry is how an app is named as an entry point: its main class when
// known, else its module folder.
func (a JavaApp) entry() string {
	if a.MainClass != "" {
		return a.MainClass
	}
	return a.Module
}

// appPort finds a runnable module's port: the framework's key in its
// application.properties/yml, else the framework's default 8080.
func appPort(s *scan, a *JavaApp, file string, line int) {
	var tmp Project
	if javaConfigPort(s, &tmp, a.Module, a.Framework) {
		a.Port = tmp.Port
		if ev, ok := tmp.EvidenceFor("port"); ok {
			a.evs = append(a.evs, ev)
		}
		a.warnings = append(a.warnings, tmp.Warnings...)
		return
	}
	if a.Framework != "" {
		port := 8080
		a.Port = &port
		a.evs = append(a.evs, Evidence{Field: "port", File: file, Line: line, Detail: a.Framework + " listens on 8080 by default"})
	}
}

// javaRuntimes: the JRE images exist for every LTS; distroless Java only
// for 17 and 21.
func javaRuntimes(p *Project) {
	v, _ := strconv.Atoi(p.LanguageVersion)
	if v == 17 || v == 21 {
		p.Runtimes = []string{"slim", "distroless", "alpine"}
		return
	}
	p.Runtimes = []string{"slim", "alpine"}
	p.RuntimesExcluded = []ExcludedRuntime{{Runtime: "distroless", Reason: fmt.Sprintf("distroless has Java images for 17 and 21 only; this project needs Java %s", p.LanguageVersion)}}
}
