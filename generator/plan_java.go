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

func init() { planners["java"] = planJava }

// JavaValues are the Java template's own values (".Java" in the template).
type JavaValues struct {
	// BuildTool is maven or gradle.
	BuildTool string
	// BuilderImage runs the deps and build stages: a Maven or Gradle image,
	// or a JDK image when the project's wrapper is used.
	BuilderImage string
	// RuntimeImage is a JRE image: never a JDK, Maven or Gradle one.
	RuntimeImage string
	// Tool is the command: mvn, ./mvnw, gradle or ./gradlew.
	Tool string
	// Wrapper is the wrapper script copied (executable) before the
	// dependency step; "" without a wrapper.
	Wrapper string
	// BuildFiles are the COPY steps that bring the build files in before
	// the dependency step; BuildDirs are folders copied whole.
	BuildFiles []CopyStep
	BuildDirs  []string
	// Cache is the package manager's cache folder, mounted on every step.
	Cache string
	// Secret is the build secret id mounted on the dependency and build
	// steps (maven: settings.xml, gradle: gradle.properties); SecretTarget
	// is where the tool reads it.
	Secret       string
	SecretTarget string
	// DepsArgs and BuildArgs are the tool's arguments (each shell-quoted
	// by the template).
	DepsArgs  []string
	BuildArgs []string
	// Kind is boot, quarkus, jar or dist (see detect.JavaApp).
	Kind string
	// Artifact is the build output to take, relative to /src; it may end
	// in a glob (*.jar) when the name is not known.
	Artifact string
	// LayerTool is tools or layertools for a layered Spring Boot jar, ""
	// otherwise; Layers are the layer folders in the order they are copied.
	LayerTool string
	Layers    []string
	// Libs: a thin jar whose runtime dependencies land in /out/lib.
	Libs bool
	// Entrypoint is the exec-form command of the runtime image.
	Entrypoint []string
	// IgnoreDirs are the build output folders left out of the context.
	IgnoreDirs []string
}

// The JVM flags every image gets: size the heap from the container's
// memory limit, and exit (so the orchestrator restarts) on OutOfMemoryError.
var javaOptions = []string{"-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError"}

// Spring Boot's default layers, in the order they change least to most.
var bootLayers = []string{"dependencies", "spring-boot-loader", "snapshot-dependencies", "application"}

var (
	javaClassRe  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	gradlePathRe = regexp.MustCompile(`^(:[A-Za-z0-9._-]+)+$`)
	// A Gradle task, alone or with its project path (:app:bootJar).
	gradleTaskRe = regexp.MustCompile(`^:?[A-Za-z0-9_][A-Za-z0-9._-]*(:[A-Za-z0-9_][A-Za-z0-9._-]*)*$`)
)

func planJava(plan *Plan, o Options) error {
	p := plan.Project
	info := p.Java
	if info == nil || len(info.Apps) == 0 {
		return inputErr("%s: not a Java project", displayPath(p.Path))
	}
	if len(o.Private) > 0 {
		return inputErr("--private is for Go modules; for private Maven or Gradle repositories pass --secret %s", javaSecretID(info.BuildTool))
	}
	version, err := javaVersion(plan.Values["Version"].(string))
	if err != nil {
		return err
	}
	if plan.Runtime == "distroless" && version != 17 && version != 21 {
		return inputErr("--runtime distroless: distroless has Java images for 17 and 21 only, not %d; choose slim or alpine, or --version 17/21", version)
	}
	plan.Values["Version"] = strconv.Itoa(version)

	app, err := chooseJavaApp(plan, info, o)
	if err != nil {
		return err
	}
	j := JavaValues{BuildTool: info.BuildTool, Kind: app.Kind, Libs: app.Libs}
	if o.Name == "" {
		javaAppName(plan, p, app, o)
	}

	// Images: the JDK side builds, the JRE side runs.
	switch {
	case info.Wrapper:
		j.BuilderImage = fmt.Sprintf("eclipse-temurin:%d-jdk", version)
	case info.BuildTool == "maven":
		j.BuilderImage = fmt.Sprintf("maven:3.9-eclipse-temurin-%d", version)
	case version >= 25:
		// Gradle 8 does not run on Java 25; Gradle 9 does.
		j.BuilderImage = fmt.Sprintf("gradle:9-jdk%d", version)
	default:
		j.BuilderImage = fmt.Sprintf("gradle:8-jdk%d", version)
	}
	switch plan.Runtime {
	case "distroless":
		j.RuntimeImage = fmt.Sprintf("gcr.io/distroless/java%d-debian12:nonroot", version)
		plan.Values["User"] = "65532:65532"
	case "alpine":
		j.RuntimeImage = fmt.Sprintf("eclipse-temurin:%d-jre-alpine", version)
		plan.Values["User"] = "10001:10001"
	default:
		j.RuntimeImage = fmt.Sprintf("eclipse-temurin:%d-jre", version)
		plan.Values["User"] = "10001:10001"
	}

	// Build files copied before the dependency step, grouped by folder.
	buildFiles, err := copySteps("build file", info.BuildFiles)
	if err != nil {
		return err
	}
	j.BuildFiles = buildFiles
	for _, d := range info.BuildDirs {
		if err := checkRelPath("build folder", d); err != nil {
			return err
		}
		j.BuildDirs = append(j.BuildDirs, d)
	}
	for _, d := range info.OutputDirs {
		if err := checkRelPath("output folder", d); err != nil {
			return err
		}
		j.IgnoreDirs = append(j.IgnoreDirs, d)
	}

	// Secrets: one id per build tool, mounted where the tool looks.
	want := javaSecretID(info.BuildTool)
	for _, id := range plan.Secrets {
		if id != want {
			return inputErr("--secret %s: the Java template mounts only the %s secret for a %s build (%s)", id, want, info.BuildTool, javaSecretFile(info.BuildTool))
		}
		j.Secret = want
	}
	if j.Secret != "" {
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("private repositories: the dependency and build steps mount the %s secret as %s", j.Secret, javaSecretFile(info.BuildTool)))
	}

	if info.BuildTool == "maven" {
		if app.ID != "" {
			if err := checkRelPath("Maven module", app.ID); err != nil {
				return err
			}
		}
		planMaven(&j, info, app)
	} else {
		if err := planGradle(&j, info, app); err != nil {
			return err
		}
	}
	if j.Wrapper != "" {
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("%s: the project's wrapper pins the build tool; it runs on %s", j.Tool, j.BuilderImage))
	}

	if strings.ContainsAny(app.Artifact, " '\"$`\\") || checkRelPath("artifact", strings.ReplaceAll(app.Artifact, "*", "x")) != nil {
		return inputErr("%s: the artifact path %q cannot be used in a Dockerfile", displayPath(p.Path), app.Artifact)
	}
	j.Artifact = app.Artifact

	entry := []string{"java"}
	entry = append(entry, javaOptions...)
	switch app.Kind {
	case "boot":
		if app.LayerTool != "" {
			if !javaClassRe.MatchString(app.Launcher) {
				return inputErr("Spring Boot launcher %q: want a fully qualified class name", app.Launcher)
			}
			j.LayerTool, j.Layers = app.LayerTool, bootLayers
			entry = append(entry, app.Launcher)
			plan.Reasons = append(plan.Reasons, fmt.Sprintf("Spring Boot %s: the jar is split into layers (jarmode=%s) so a code change rebuilds only the application layer", orUnknown(info.FrameworkVersion), app.LayerTool))
		} else {
			entry = append(entry, "-jar", "/app/app.jar")
		}
	case "quarkus":
		entry = append(entry, "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/app/quarkus-run.jar")
	case "dist":
		if app.MainClass == "" {
			return inputErr("%s: the main class is unknown; set application { mainClass = ... } or pass --entrypoint com.example.Main", displayPath(p.Path))
		}
		entry = append(entry, "-cp", "/app/lib/*", app.MainClass)
	default: // jar
		switch {
		case app.Libs:
			if app.MainClass == "" {
				return inputErr("%s: the main class is unknown; pass --entrypoint com.example.Main", displayPath(p.Path))
			}
			entry = append(entry, "-cp", "/app/app.jar:/app/lib/*", app.MainClass)
		case app.MainClass != "":
			entry = append(entry, "-cp", "/app/app.jar", app.MainClass)
		default:
			entry = append(entry, "-jar", "/app/app.jar")
		}
	}
	if app.MainClass != "" && !javaClassRe.MatchString(app.MainClass) {
		return inputErr("main class %q: want a fully qualified class name such as com.example.Main", app.MainClass)
	}
	j.Entrypoint = entry

	files, keep, err := runtimeFiles(p.RuntimeFiles, o.Include, ".")
	if err != nil {
		return err
	}
	plan.Values["RuntimeFiles"] = files
	plan.Values["KeepInContext"] = keep
	plan.Values["Java"] = j
	return nil
}

// javaAppName names the image after the module's artifactId or Gradle
// project name rather than its main class.
func javaAppName(plan *Plan, p detect.Project, app detect.JavaApp, o Options) {
	name := sanitizeName(app.Name)
	if name == "" && p.Path != "." {
		name = sanitizeName(path.Base(p.Path))
	}
	if name == "" {
		name = "app"
	}
	plan.Values["AppName"] = name
	if _, ok := o.Labels["org.opencontainers.image.title"]; ok {
		return
	}
	labels := slices.Clone(plan.Values["Labels"].([]Label))
	for i := range labels {
		if labels[i].Key == "org.opencontainers.image.title" {
			labels[i].Value = name
		}
	}
	plan.Values["Labels"] = labels
}

func orUnknown(s string) string {
	if s == "" {
		return "(version unknown)"
	}
	return s
}

func javaSecretID(tool string) string {
	if tool == "gradle" {
		return "gradle"
	}
	return "maven"
}

func javaSecretFile(tool string) string {
	if tool == "gradle" {
		return "/root/.gradle/gradle.properties"
	}
	return "/root/.m2/settings.xml"
}

// javaVersion reads the Java major version: 21, 17.0.2, 1.8.
func javaVersion(v string) (int, error) {
	parts := strings.Split(v, ".")
	major, err := strconv.Atoi(parts[0])
	if err == nil && major == 1 && len(parts) > 1 {
		major, err = strconv.Atoi(parts[1])
	}
	if err != nil || major < 8 || major > 99 {
		return 0, inputErr("Java version %q: want a major version such as 17 or 21 (8 or later)", v)
	}
	return major, nil
}

// chooseJavaApp picks the module to build: the detected default, or the
// one --entrypoint names (by main class, module folder or Gradle path).
// A main class that no module reports sets the main class of a plain jar.
func chooseJavaApp(plan *Plan, info *detect.JavaInfo, o Options) (detect.JavaApp, error) {
	app := info.Apps[0]
	if o.Entrypoint == "" {
		return app, nil
	}
	e := strings.TrimSuffix(strings.TrimPrefix(o.Entrypoint, "./"), "/")
	for _, a := range info.Apps {
		if e == a.MainClass || e == a.Module || (a.ID != "" && e == a.ID) {
			plan.Reasons = append(plan.Reasons, "entry point "+o.Entrypoint+" from --entrypoint")
			if o.Port == 0 {
				port := 0
				if a.Port != nil {
					port = *a.Port
				}
				if a.Module != app.Module {
					plan.Values["Port"] = port
				}
			}
			return a, nil
		}
	}
	if javaClassRe.MatchString(e) && strings.Contains(e, ".") && (app.Kind == "jar" || app.Kind == "dist") {
		app.MainClass = e
		plan.Reasons = append(plan.Reasons, "main class "+e+" from --entrypoint")
		return app, nil
	}
	var names []string
	for _, a := range info.Apps {
		names = append(names, a.MainClass+" ("+a.Module+")")
	}
	return app, inputErr("--entrypoint %s: no runnable module or main class by that name; choose one of: %s", o.Entrypoint, strings.Join(names, ", "))
}

func planMaven(j *JavaValues, info *detect.JavaInfo, app detect.JavaApp) {
	j.Cache = "/root/.m2"
	j.Tool = "mvn"
	if info.Wrapper {
		j.Tool, j.Wrapper = "./mvnw", "mvnw"
	}
	if j.Secret != "" {
		j.SecretTarget = "/root/.m2/settings.xml"
	}
	common := []string{"-B"}
	if !info.Wrapper || info.ToolVersion == "" || versionAtLeast(info.ToolVersion, 3, 6, 1) {
		common = append(common, "-ntp")
	}
	j.DepsArgs = append(slices.Clone(common), "dependency:go-offline")
	if len(info.ReactorArtifactIDs) > 0 {
		// The reactor's own modules are built, not downloaded.
		j.DepsArgs = append(j.DepsArgs, "-DexcludeArtifactIds="+strings.Join(info.ReactorArtifactIDs, ","))
	}
	j.BuildArgs = append(slices.Clone(common), "-DskipTests")
	if app.ID != "" {
		j.BuildArgs = append(j.BuildArgs, "-pl", app.ID, "-am")
	}
	j.BuildArgs = append(j.BuildArgs, "package")
	if app.Libs {
		j.BuildArgs = append(j.BuildArgs, "dependency:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=/out/lib")
	}
}

func planGradle(j *JavaValues, info *detect.JavaInfo, app detect.JavaApp) error {
	j.Cache = "/root/.gradle"
	j.Tool = "gradle"
	if info.Wrapper {
		j.Tool, j.Wrapper = "./gradlew", "gradlew"
	}
	if j.Secret != "" {
		j.SecretTarget = "/root/.gradle/gradle.properties"
	}
	if app.ID != "" && !gradlePathRe.MatchString(app.ID) {
		return inputErr("Gradle project %q: want a project path such as :app", app.ID)
	}
	if !gradleTaskRe.MatchString(app.Task) {
		return inputErr("Gradle task %q: want a task name such as bootJar or :app:installDist", app.Task)
	}
	common := []string{"--no-daemon", "--console=plain"}
	deps := "dependencies"
	if app.ID != "" {
		deps = app.ID + ":dependencies"
	}
	j.DepsArgs = append(slices.Clone(common), deps)
	j.BuildArgs = append(slices.Clone(common), app.Task)
	return nil
}

// versionAtLeast compares a dotted version with major.minor.patch.
func versionAtLeast(v string, want ...int) bool {
	parts := strings.Split(v, ".")
	for i, w := range want {
		if i >= len(parts) {
			return w == 0
		}
		n, err := strconv.Atoi(strings.TrimRightFunc(parts[i], func(r rune) bool { return r < '0' || r > '9' }))
		if err != nil {
			return false
		}
		if n != w {
			return n > w
		}
	}
	return true
}
