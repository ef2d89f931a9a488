package detect

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func javaFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

// scanJava scans files and returns the one Java project.
func scanJava(t *testing.T, files map[string]string) Project {
	t.Helper()
	r, err := Scan(javaFS(files))
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	if len(r.Projects) != 1 || r.Projects[0].Java == nil {
		t.Fatalf("want one Java project, got %+v", r.Projects)
	}
	return r.Projects[0]
}

func pom(inner string) string {
	return `<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>demo</artifactId>
  <version>1.0.0</version>
` + inner + `
</project>
`
}

const bootParent = `<parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>%s</version>
    <relativePath/>
  </parent>`

const bootPluginXML = `<build><plugins><plugin>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-maven-plugin</artifactId>
  </plugin></plugins></build>`

func bootPom(version, inner string) string {
	return pom(strings.Replace(bootParent, "%s", version, 1) + "\n" + inner + "\n" + bootPluginXML)
}

const bootMain = `package com.example.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DemoApplication {
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
`

func TestJavaVersionSources(t *testing.T) {
	cases := []struct {
		name     string
		files    map[string]string
		want     string
		declared string
		file     string
		line     int
		detail   string
	}{
		{
			name:  "maven.compiler.release",
			files: map[string]string{"pom.xml": bootPom("3.3.1", "<properties>\n<maven.compiler.release>17</maven.compiler.release>\n<java.version>21</java.version>\n</properties>")},
			want:  "17", declared: "17", file: "pom.xml", line: 14, detail: "<maven.compiler.release>17",
		},
		{
			name:  "maven.compiler.target beats source",
			files: map[string]string{"pom.xml": bootPom("3.3.1", "<properties>\n<maven.compiler.source>11</maven.compiler.source>\n<maven.compiler.target>17</maven.compiler.target>\n</properties>")},
			want:  "17", declared: "17", file: "pom.xml", line: 15, detail: "<maven.compiler.target>17",
		},
		{
			name:  "maven.compiler.source 1.8",
			files: map[string]string{"pom.xml": bootPom("2.7.18", "<properties>\n<maven.compiler.source>1.8</maven.compiler.source>\n</properties>")},
			want:  "8", declared: "8", file: "pom.xml", line: 14, detail: "<maven.compiler.source>1.8",
		},
		{
			name:  "java.version",
			files: map[string]string{"pom.xml": bootPom("3.3.1", "<properties>\n<java.version>21</java.version>\n</properties>")},
			want:  "21", declared: "21", file: "pom.xml", line: 14, detail: "<java.version>21",
		},
		{
			name: "compiler plugin release through a property",
			files: map[string]string{"pom.xml": pom(`<properties><jdk>17</jdk><java.version>11</java.version></properties>
<build><plugins>
  <plugin><artifactId>maven-compiler-plugin</artifactId>
    <configuration>
      <release>${jdk}</release>
    </configuration>
  </plugin>
  <plugin><artifactId>maven-shade-plugin</artifactId></plugin>
</plugins></build>`), "src/main/java/a/Main.java": "package a; class Main { public static void main(String[] a) {} }"},
			want: "17", declared: "17", file: "pom.xml", line: 11, detail: "maven-compiler-plugin <release>17",
		},
		{
			name:  "spring boot parent default",
			files: map[string]string{"pom.xml": bootPom("3.2.0", "")},
			want:  "17", declared: "17", file: "pom.xml", detail: "spring-boot-starter-parent 3.2.0 defaults to Java 17",
		},
		{
			name:  "non-LTS rounds up",
			files: map[string]string{"pom.xml": bootPom("3.3.1", "<properties><java.version>19</java.version></properties>")},
			want:  "21", declared: "19", file: "pom.xml", detail: "<java.version>19; rounded up to Java 21, the next LTS with images",
		},
		{
			name: "gradle toolchain (groovy)",
			files: map[string]string{"build.gradle": `plugins { id 'application' }
// java { toolchain { languageVersion = JavaLanguageVersion.of(8) } }
def note = "JavaLanguageVersion.of(11)"
java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(21)
    }
}
application { mainClass = 'a.Main' }
`},
			want: "21", declared: "21", file: "build.gradle", line: 6, detail: "toolchain JavaLanguageVersion.of(21)",
		},
		{
			name: "gradle sourceCompatibility and targetCompatibility",
			files: map[string]string{"build.gradle": `plugins {
  id 'application'
}
sourceCompatibility = JavaVersion.VERSION_11
targetCompatibility = '17'
mainClassName = 'a.Main'
`},
			want: "17", declared: "17", file: "build.gradle", line: 5, detail: "targetCompatibility = 17",
		},
		{
			name: "kotlin jvmToolchain",
			files: map[string]string{"build.gradle.kts": `plugins {
    kotlin("jvm") version "2.0.0"
    application
}
kotlin {
    jvmToolchain(17)
}
application { mainClass.set("a.MainKt") }
`},
			want: "17", declared: "17", file: "build.gradle.kts", line: 6, detail: "kotlin jvmToolchain(17)",
		},
		{
			name:  ".java-version",
			files: map[string]string{"pom.xml": bootPom("3.3.1", ""), ".java-version": "21.0.2\n"},
			want:  "21", declared: "21", file: ".java-version", line: 1,
		},
		{
			name:  ".sdkmanrc",
			files: map[string]string{"pom.xml": bootPom("3.3.1", ""), ".sdkmanrc": "# sdk env\njava=21.0.2-tem\n"},
			want:  "21", declared: "21", file: ".sdkmanrc", line: 2, detail: "java=21.0.2-tem",
		},
		{
			name:  ".tool-versions",
			files: map[string]string{"pom.xml": bootPom("2.7.0", ""), ".tool-versions": "nodejs 20.1.0\njava temurin-11.0.21+9\n"},
			want:  "11", declared: "11", file: ".tool-versions", line: 2,
		},
		{
			name: "toolchain wins over a higher .java-version",
			files: map[string]string{".java-version": "21\n", "build.gradle": `plugins { id 'application' }
java.toolchain.languageVersion = JavaLanguageVersion.of(17)
application.mainClass = 'a.Main'
`},
			want: "17", declared: "17", file: "build.gradle", line: 2,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, ok := c.files["src/main/java/com/example/demo/DemoApplication.java"]; !ok {
				c.files["src/main/java/com/example/demo/DemoApplication.java"] = bootMain
			}
			p := scanJava(t, c.files)
			if p.LanguageVersion != c.want || p.Java.DeclaredVersion != c.declared {
				t.Errorf("version %s (declared %s), want %s (declared %s)", p.LanguageVersion, p.Java.DeclaredVersion, c.want, c.declared)
			}
			e := evidence(t, p, "language_version")
			if e.File != c.file || (c.line != 0 && e.Line != c.line) || (c.detail != "" && e.Detail != c.detail) {
				t.Errorf("evidence %s:%d %q, want %s:%d %q", e.File, e.Line, e.Detail, c.file, c.line, c.detail)
			}
		})
	}
}

func TestParseJavaMajor(t *testing.T) {
	for in, want := range map[string]int{
		"21": 21, "1.8": 8, "17.0.2": 17, "JavaVersion.VERSION_1_8": 8, "VERSION_17": 17, "JvmTarget.JVM_21": 21,
		"temurin-21.0.1+12.0.LTS": 21, "21.0.2-tem": 21, "openjdk-11": 11, "11.0.11+9": 11,
	} {
		if got, ok := parseJavaMajor(in); !ok || got != want {
			t.Errorf("parseJavaMajor(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "abc", "1", "${java.version}", "latest"} {
		if got, ok := parseJavaMajor(bad); ok {
			t.Errorf("parseJavaMajor(%q) = %d, want failure", bad, got)
		}
	}
	for in, want := range map[int]int{8: 8, 9: 11, 11: 11, 16: 17, 17: 17, 18: 21, 22: 25, 25: 25, 26: 26} {
		if got := roundToLTS(in); got != want {
			t.Errorf("roundToLTS(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestJavaVersionDisagreementWarns(t *testing.T) {
	p := scanJava(t, map[string]string{
		"pom.xml":       bootPom("3.3.1", "<properties><java.version>17</java.version></properties>"),
		".java-version": "21\n",
		"src/main/java/com/example/demo/DemoApplication.java": bootMain,
	})
	if p.LanguageVersion != "21" {
		t.Errorf("version %s, want the higher 21", p.LanguageVersion)
	}
	if !containsWarning(p, "pom.xml:13 says Java 17 but .java-version:1 says Java 21; building with 21") {
		t.Errorf("no disagreement warning: %q", p.Warnings)
	}
}

func containsWarning(p Project, s string) bool {
	for _, w := range p.Warnings {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

func TestMavenSpringBoot(t *testing.T) {
	p := scanJava(t, map[string]string{
		"pom.xml":                               bootPom("3.3.5", "<properties><java.version>21</java.version></properties>"),
		"mvnw":                                  "#!/bin/sh\n",
		".mvn/wrapper/maven-wrapper.properties": "distributionUrl=https\\://example.invalid/apache-maven-3.9.9-bin.zip\n",
		"src/main/java/com/example/demo/DemoApplication.java": bootMain,
		"src/main/resources/application.properties":           "# port\nserver.port = 8081\n",
	})
	j := p.Java
	app := j.Apps[0]
	if p.Framework != "spring-boot" || j.FrameworkVersion != "3.3.5" {
		t.Errorf("framework %s %s", p.Framework, j.FrameworkVersion)
	}
	if !j.Wrapper || j.ToolVersion != "3.9.9" || p.PackageManager != "maven (mvnw)" {
		t.Errorf("wrapper %v %q %q", j.Wrapper, j.ToolVersion, p.PackageManager)
	}
	if app.Artifact != "target/demo-1.0.0.jar" || !app.ArtifactExact || app.Kind != "boot" {
		t.Errorf("artifact %+v", app)
	}
	if app.LayerTool != "tools" || app.Launcher != "org.springframework.boot.loader.launch.JarLauncher" {
		t.Errorf("layers %q %q", app.LayerTool, app.Launcher)
	}
	if p.Entrypoint != "com.example.demo.DemoApplication" {
		t.Errorf("entrypoint %q", p.Entrypoint)
	}
	if p.Port == nil || *p.Port != 8081 {
		t.Fatalf("port %v", p.Port)
	}
	if e := evidence(t, p, "port"); e.File != "src/main/resources/application.properties" || e.Line != 2 {
		t.Errorf("port evidence %+v", e)
	}
	if strings.Join(p.Runtimes, ",") != "slim,distroless,alpine" {
		t.Errorf("runtimes %v", p.Runtimes)
	}
	if strings.Join(j.BuildDirs, ",") != ".mvn" || strings.Join(j.BuildFiles, ",") != "pom.xml" {
		t.Errorf("build files %v dirs %v", j.BuildFiles, j.BuildDirs)
	}
}

func TestSpringBootLayerTools(t *testing.T) {
	for version, want := range map[string][2]string{
		"3.3.0":  {"tools", "org.springframework.boot.loader.launch.JarLauncher"},
		"4.0.1":  {"tools", "org.springframework.boot.loader.launch.JarLauncher"},
		"3.2.5":  {"layertools", "org.springframework.boot.loader.launch.JarLauncher"},
		"3.1.0":  {"layertools", "org.springframework.boot.loader.JarLauncher"},
		"2.4.0":  {"layertools", "org.springframework.boot.loader.JarLauncher"},
		"2.3.12": {"", ""},
	} {
		app := JavaApp{}
		bootLayers(&app, version, true)
		if app.LayerTool != want[0] || app.Launcher != want[1] || app.FatJar != (want[0] == "") {
			t.Errorf("Boot %s: %q %q fat=%v, want %v", version, app.LayerTool, app.Launcher, app.FatJar, want)
		}
	}
}

func TestMavenFinalName(t *testing.T) {
	p := scanJava(t, map[string]string{
		"pom.xml": bootPom("3.3.5", `<properties><app.name>orders</app.name></properties>
<build><finalName>${app.name}-${project.version}-service</finalName></build>`),
		"src/main/java/com/example/demo/DemoApplication.java": bootMain,
	})
	if got := p.Java.Apps[0].Artifact; got != "target/orders-1.0.0-service.jar" {
		t.Errorf("artifact %q", got)
	}
}

func TestMavenUnresolvedFinalNameFallsBackToGlob(t *testing.T) {
	p := scanJava(t, map[string]string{
		"pom.xml": bootPom("3.3.5", `<build><finalName>${buildNumber}</finalName></build>`),
		"src/main/java/com/example/demo/DemoApplication.java": bootMain,
	})
	app := p.Java.Apps[0]
	if app.Artifact != "target/*.jar" || app.ArtifactExact {
		t.Errorf("artifact %q exact=%v", app.Artifact, app.ArtifactExact)
	}
	if !containsWarning(p, "could not be worked out") {
		t.Errorf("no warning: %q", p.Warnings)
	}
}

func TestMavenMultiModule(t *testing.T) {
	files := map[string]string{
		"pom.xml": `<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.1</version><relativePath/></parent>
  <groupId>com.example</groupId><artifactId>shop</artifactId><version>${revision}</version>
  <packaging>pom</packaging>
  <modules>
    <module>lib</module>
    <module>app</module>
  </modules>
  <properties><revision>2.0.0</revision><java.version>17</java.version></properties>
</project>`,
		"lib/pom.xml": `<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>com.example</groupId><artifactId>shop</artifactId><version>${revision}</version></parent>
  <artifactId>shop-lib</artifactId>
</project>`,
		"app/pom.xml": `<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>com.example</groupId><artifactId>shop</artifactId><version>${revision}</version></parent>
  <artifactId>shop-app</artifactId>
  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>
</project>`,
		"lib/src/main/java/com/example/lib/Tool.java":         "package com.example.lib;\npublic class Tool { public static void main(String[] a) {} }\n",
		"app/src/main/java/com/example/app/ShopApp.java":      strings.ReplaceAll(bootMain, "com.example.demo", "com.example.app"),
		"app/src/main/resources/application.yml":              "server:\n  port: ${PORT:9090}\n",
		"app/src/main/resources/application-dev.yml":          "server:\n  port: 1\n",
		"lib/src/main/java/com/example/lib/package-info.java": "package com.example.lib;\n",
	}
	p := scanJava(t, files)
	j := p.Java
	if len(j.Apps) != 2 {
		t.Fatalf("apps %+v", j.Apps)
	}
	app := j.Apps[0]
	if app.Module != "app" || app.ID != "app" || app.Artifact != "app/target/shop-app-2.0.0.jar" || app.LayerTool != "layertools" {
		t.Errorf("app %+v", app)
	}
	if j.Apps[1].Module != "lib" || j.Apps[1].Kind != "jar" || !j.Apps[1].Libs {
		t.Errorf("second app %+v", j.Apps[1])
	}
	if p.LanguageVersion != "17" || evidence(t, p, "language_version").File != "pom.xml" {
		t.Errorf("version %s %+v", p.LanguageVersion, p.Evidence)
	}
	if strings.Join(j.Modules, ",") != "lib,app" || strings.Join(j.BuildFiles, ",") != "pom.xml,lib/pom.xml,app/pom.xml" {
		t.Errorf("modules %v files %v", j.Modules, j.BuildFiles)
	}
	if strings.Join(j.OutputDirs, ",") != "target,lib/target,app/target" {
		t.Errorf("output dirs %v", j.OutputDirs)
	}
	if strings.Join(j.ReactorArtifactIDs, ",") != "shop-lib,shop-app" {
		t.Errorf("reactor ids %v", j.ReactorArtifactIDs)
	}
	if p.Port == nil || *p.Port != 9090 || evidence(t, p, "port").File != "app/src/main/resources/application.yml" {
		t.Errorf("port %v %+v", p.Port, p.Evidence)
	}
	if strings.Join(p.EntrypointCandidates, ",") != "com.example.app.ShopApp,com.example.lib.Tool" {
		t.Errorf("candidates %v", p.EntrypointCandidates)
	}
}

func TestMavenLibraryOnlyIsAnError(t *testing.T) {
	_, err := Scan(javaFS(map[string]string{
		"pom.xml":                  pom(""),
		"src/main/java/a/Lib.java": "package a; public class Lib { void main() {} }",
	}))
	var me *ManifestError
	if !errors.As(err, &me) || me.File != "pom.xml" || !strings.Contains(err.Error(), "nothing to run") {
		t.Fatalf("err = %v", err)
	}
}

func TestMalformedPom(t *testing.T) {
	_, err := Scan(javaFS(map[string]string{"pom.xml": "<project>\n  <artifactId>x</artifactId>\n  <build>\n</project>\n"}))
	var me *ManifestError
	if !errors.As(err, &me) || me.File != "pom.xml" || me.Line != 4 {
		t.Fatalf("err = %#v", err)
	}
	if !IsInputError(err) {
		t.Error("a malformed pom.xml must be an input error")
	}
}

func TestMavenPlainJarMainClass(t *testing.T) {
	p := scanJava(t, map[string]string{
		"pom.xml": pom(`<build><plugins><plugin>
  <artifactId>maven-jar-plugin</artifactId>
  <configuration><archive><manifest><mainClass>com.example.Cli</mainClass></manifest></archive></configuration>
</plugin></plugins></build>`),
	})
	app := p.Java.Apps[0]
	if app.Kind != "jar" || !app.Libs || app.MainClass != "com.example.Cli" || app.Artifact != "target/demo-1.0.0.jar" {
		t.Errorf("app %+v", app)
	}
	if p.Port != nil {
		t.Errorf("a plain jar has no known port, got %d", *p.Port)
	}
}

const gradleBootKts = `import org.springframework.boot.gradle.tasks.bundling.BootJar

plugins {
    id("org.springframework.boot") version "3.3.2"
    id("io.spring.dependency-management") version "1.1.6"
    kotlin("jvm") version "1.9.24"
    kotlin("plugin.spring") version "1.9.24"
}

group = "com.example"
version = "0.0.1-SNAPSHOT"

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(21)
    }
}

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
}
`

const kotlinMain = `package com.example.demo

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication

@SpringBootApplication
class DemoApplication

fun main(args: Array<String>) {
    runApplication<DemoApplication>(*args)
}
`

func TestGradleKotlinDSLBootPlainJar(t *testing.T) {
	p := scanJava(t, map[string]string{
		"settings.gradle.kts": `rootProject.name = "demo"`,
		"build.gradle.kts":    gradleBootKts,
		"src/main/kotlin/com/example/demo/DemoApplication.kt": kotlinMain,
		"src/main/resources/application.yaml":                 "spring:\n  application:\n    name: demo\nserver.port: 8082\n",
	})
	j := p.Java
	app := j.Apps[0]
	if j.DSL != "kotlin" || !j.Kotlin || j.Wrapper || p.PackageManager != "gradle" {
		t.Errorf("dsl %q kotlin %v wrapper %v pm %q", j.DSL, j.Kotlin, j.Wrapper, p.PackageManager)
	}
	if app.Artifact != "build/libs/demo-0.0.1-SNAPSHOT.jar" || !app.ArtifactExact {
		t.Errorf("artifact %q", app.Artifact)
	}
	if app.PlainJar != "build/libs/demo-0.0.1-SNAPSHOT-plain.jar" {
		t.Errorf("plain jar %q", app.PlainJar)
	}
	if app.Task != "bootJar" || app.LayerTool != "tools" || j.FrameworkVersion != "3.3.2" {
		t.Errorf("task %q layers %q boot %q", app.Task, app.LayerTool, j.FrameworkVersion)
	}
	if p.Entrypoint != "com.example.demo.DemoApplicationKt" {
		t.Errorf("entrypoint %q", p.Entrypoint)
	}
	if p.Port == nil || *p.Port != 8082 {
		t.Errorf("port %v", p.Port)
	}
	if p.LanguageVersion != "21" || !j.Toolchain {
		t.Errorf("version %s toolchain %v", p.LanguageVersion, j.Toolchain)
	}
}

func TestGradleArchiveSettings(t *testing.T) {
	p := scanJava(t, map[string]string{
		"settings.gradle": "rootProject.name = 'svc'\n",
		"build.gradle": `plugins {
    id 'org.springframework.boot' version '3.3.0'
    id 'java'
}
version = '2.1.0'
bootJar {
    archiveFileName = 'service.jar'
}
jar {
    enabled = false
}
`,
		"src/main/java/com/example/demo/DemoApplication.java": bootMain,
	})
	app := p.Java.Apps[0]
	if app.Artifact != "build/libs/service.jar" || app.PlainJar != "" || app.LayerTool != "tools" {
		t.Errorf("app %+v", app)
	}
}

func TestGradleNoRootNameFallsBackToGlob(t *testing.T) {
	p := scanJava(t, map[string]string{
		"build.gradle": "plugins { id 'org.springframework.boot' version '3.3.0' }\nversion = '1'\n",
		"src/main/java/com/example/demo/DemoApplication.java": bootMain,
	})
	if app := p.Java.Apps[0]; app.Artifact != "build/libs/*.jar" || app.ArtifactExact {
		t.Errorf("app %+v", app)
	}
}

func TestGradleWrapperAndMultiProject(t *testing.T) {
	p := scanJava(t, map[string]string{
		"gradlew": "#!/bin/sh\n",
		"gradle/wrapper/gradle-wrapper.properties": "distributionUrl=https\\://example.invalid/gradle-8.10.2-bin.zip\n",
		"gradle/wrapper/gradle-wrapper.jar":        "PK",
		"gradle/libs.versions.toml": `[versions]
boot = "3.4.1"
[plugins]
spring-boot = { id = "org.springframework.boot", version.ref = "boot" }
`,
		"settings.gradle": `rootProject.name = 'shop'
include 'lib', ':services:api'
include(':tools') // a library
`,
		"build.gradle": `plugins {
    alias(libs.plugins.spring.boot) apply false
}
allprojects {
    version = '3.0.0'
}
`,
		"lib/build.gradle":          "plugins { id 'java-library' }\n",
		"tools/build.gradle":        "plugins { id 'java-library'\n id 'org.springframework.boot' }\nbootJar { enabled = false }\n",
		"services/api/build.gradle": "plugins {\n  id 'org.springframework.boot'\n}\njava { sourceCompatibility = '17' }\n",
		"services/api/src/main/java/com/example/demo/DemoApplication.java": bootMain,
		"gradle.properties": "org.gradle.jvmargs=-Xmx1g\n",
	})
	j := p.Java
	if !j.Wrapper || j.ToolVersion != "8.10.2" || p.PackageManager != "gradle (gradlew)" {
		t.Errorf("wrapper %v %q %q", j.Wrapper, j.ToolVersion, p.PackageManager)
	}
	if len(j.Apps) != 1 {
		t.Fatalf("apps %+v (tools disables bootJar: a library)", j.Apps)
	}
	app := j.Apps[0]
	if app.Module != "services/api" || app.ID != ":services:api" || app.Task != ":services:api:bootJar" {
		t.Errorf("app %+v", app)
	}
	if app.Artifact != "services/api/build/libs/api-3.0.0.jar" || app.PlainJar != "services/api/build/libs/api-3.0.0-plain.jar" {
		t.Errorf("artifact %q plain %q", app.Artifact, app.PlainJar)
	}
	if j.FrameworkVersion != "3.4.1" || app.LayerTool != "tools" {
		t.Errorf("boot %q layers %q", j.FrameworkVersion, app.LayerTool)
	}
	if p.LanguageVersion != "17" || evidence(t, p, "language_version").File != "services/api/build.gradle" {
		t.Errorf("version %s", p.LanguageVersion)
	}
	want := "settings.gradle,build.gradle,gradle.properties,lib/build.gradle,services/api/build.gradle,tools/build.gradle"
	if got := strings.Join(j.BuildFiles, ","); got != want {
		t.Errorf("build files %s, want %s", got, want)
	}
	if strings.Join(j.BuildDirs, ",") != "gradle" {
		t.Errorf("build dirs %v", j.BuildDirs)
	}
	if p.Port == nil || *p.Port != 8080 {
		t.Errorf("Spring Boot's default port, got %v", p.Port)
	}
}

func TestGradleApplicationWithoutWrapper(t *testing.T) {
	p := scanJava(t, map[string]string{
		"settings.gradle": "rootProject.name = \"cli\"",
		"build.gradle": `plugins {
    id 'application'
}
java {
    sourceCompatibility = JavaVersion.VERSION_1_8
}
application {
    mainClass = 'com.example.Cli'
}
`,
		"gradlew": "#!/bin/sh\n",
	})
	j := p.Java
	app := j.Apps[0]
	if j.Wrapper || p.PackageManager != "gradle" || !containsWarning(p, "gradlew exists but") {
		t.Errorf("wrapper %v %q %q", j.Wrapper, p.PackageManager, p.Warnings)
	}
	if app.Kind != "dist" || app.Artifact != "build/install/cli/lib" || app.Task != "installDist" || app.MainClass != "com.example.Cli" {
		t.Errorf("app %+v", app)
	}
	if p.LanguageVersion != "8" || strings.Join(p.Runtimes, ",") != "slim,alpine" || len(p.RuntimesExcluded) != 1 || p.RuntimesExcluded[0].Runtime != "distroless" {
		t.Errorf("version %s runtimes %v excluded %+v", p.LanguageVersion, p.Runtimes, p.RuntimesExcluded)
	}
}

func TestServerPort(t *testing.T) {
	cases := []struct {
		name string
		file string
		body string
		want int // 0: unknown
		line int
	}{
		{"properties", "application.properties", "spring.application.name=x\nserver.port=9000\n", 9000, 2},
		{"properties colon", "application.properties", "server.port: 9001\n", 9001, 1},
		{"properties placeholder", "application.properties", "server.port=${PORT:9002}\n", 9002, 1},
		{"properties placeholder without default", "application.properties", "server.port=${PORT}\n", 0, 0},
		{"properties comment", "application.properties", "#server.port=1\n", 8080, 0},
		{"yaml nested", "application.yml", "server:\n  port: 9003\n", 9003, 2},
		{"yaml flat", "application.yaml", "server.port: 9004\n", 9004, 1},
		{"yaml skips profile documents", "application.yml", "spring:\n  config:\n    activate:\n      on-profile: dev\nserver:\n  port: 1\n---\nserver:\n  port: 9005\n", 9005, 9},
		{"random port", "application.properties", "server.port=0\n", 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := scanJava(t, map[string]string{
				"pom.xml": bootPom("3.3.0", ""),
				"src/main/java/com/example/demo/DemoApplication.java": bootMain,
				"src/main/resources/" + c.file:                        c.body,
			})
			if c.want == 0 {
				if p.Port != nil {
					t.Errorf("port %d, want unknown", *p.Port)
				}
				return
			}
			if p.Port == nil || *p.Port != c.want {
				t.Fatalf("port %v, want %d", p.Port, c.want)
			}
			if c.line > 0 {
				if e := evidence(t, p, "port"); e.Line != c.line || e.File != "src/main/resources/"+c.file {
					t.Errorf("evidence %+v", e)
				}
			}
		})
	}
}

func TestGradleLexerIgnoresCommentsAndStrings(t *testing.T) {
	src := `/* plugins { id 'org.springframework.boot' version '1.0' } */
plugins {
    // id 'io.quarkus'
    id 'application' /* inline */
}
def s = """
mainClassName = 'wrong.Main'
"""
application {
    mainClass = 'right.Main' // mainClass = 'also.Wrong'
}
`
	gb := &gradleBuild{s: &scan{report: &Report{}}, props: map[string]string{}, catalog: map[string]pluginUse{}}
	f := gb.analyse("build.gradle", src, false)
	if _, ok := f.plugins["org.springframework.boot"]; ok {
		t.Error("a plugin in a comment was taken")
	}
	if _, ok := f.plugins["io.quarkus"]; ok {
		t.Error("a plugin in a line comment was taken")
	}
	if u, ok := f.plugins["application"]; !ok || !u.applied || u.line != 4 {
		t.Errorf("application plugin %+v", u)
	}
	if f.mainClass.v != "right.Main" || f.mainClass.line != 10 {
		t.Errorf("main class %+v", f.mainClass)
	}
}

func TestMainInSource(t *testing.T) {
	java := `package a.b;
// public static void main(String[] args) in a comment
class X {
    String s = "static void main(";
    public static void main(final String... args) {}
}
`
	m, ok := mainInSource("src/main/java/a/b/X.java", java, false)
	if !ok || m.class != "a.b.X" || m.line != 5 {
		t.Errorf("java main %+v %v", m, ok)
	}
	kt := "@file:JvmName(\"Launcher\")\npackage a\n\nfun main() = println(\"hi\")\n"
	m, ok = mainInSource("src/main/kotlin/a/app.kt", kt, true)
	if !ok || m.class != "a.Launcher" {
		t.Errorf("kotlin main %+v %v", m, ok)
	}
	if _, ok := mainInSource("X.kt", "class X { fun main() {} }", true); ok {
		t.Error("a member fun main is not a program entry")
	}
}
