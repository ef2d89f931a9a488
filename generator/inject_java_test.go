package generator

import (
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/detect"
)

const injBootApp = `package com.example.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DemoApplication {
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
`

// injBootPom is a Spring Boot Maven project; the arguments are XML text.
func injBootPom(artifactID, version, props, build string) map[string]string {
	return map[string]string{
		"pom.xml": `<project>
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.5</version>
    <relativePath/>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>` + artifactID + `</artifactId>
  <version>` + version + `</version>
  <properties><java.version>21</java.version>` + props + `</properties>
  <build>` + build + `<plugins><plugin>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-maven-plugin</artifactId>
  </plugin></plugins></build>
</project>
`,
		"src/main/java/com/example/demo/DemoApplication.java": injBootApp,
		"src/main/resources/application.properties":           "server.port=8081\n",
	}
}

// injJarPom is a plain jar whose manifest names the main class.
func injJarPom(mainClass string) map[string]string {
	return map[string]string{
		"pom.xml": `<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>tool</artifactId><version>1.0</version>
<properties><maven.compiler.release>17</maven.compiler.release></properties>
<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>` + mainClass + `</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`,
		"src/main/java/a/Main.java": "package a;\npublic class Main { public static void main(String[] a) {} }\n",
	}
}

// injReactor is a multi-module Maven build whose app module is in folder dir.
func injReactor(dir, artifactID string) map[string]string {
	return map[string]string{
		"pom.xml": `<project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>parent</artifactId><version>1.0</version><packaging>pom</packaging>
<properties><java.version>21</java.version></properties>
<modules><module>` + xmlStr(dir) + `</module><module>lib</module></modules></project>`,
		"lib/pom.xml": `<project><modelVersion>4.0.0</modelVersion><parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1.0</version></parent><artifactId>lib</artifactId></project>`,
		dir + "/pom.xml": `<project><modelVersion>4.0.0</modelVersion><parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1.0</version></parent><artifactId>` + xmlStr(artifactID) + `</artifactId>
<dependencies><dependency><groupId>com.example</groupId><artifactId>lib</artifactId><version>1.0</version></dependency></dependencies>
<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId><version>3.3.5</version></plugin></plugins></build></project>`,
		dir + "/src/main/java/com/example/demo/DemoApplication.java": injBootApp,
	}
}

// injGradle is a Gradle application build (Groovy DSL) with a subproject.
func injGradle(rootName, sub, mainClass, version string) map[string]string {
	return map[string]string{
		"settings.gradle": "rootProject.name = " + srcStr(rootName) + "\ninclude " + srcStr(sub) + "\n",
		strings.ReplaceAll(sub, ":", "/") + "/build.gradle":                       "plugins { id 'application' }\njava { toolchain { languageVersion = JavaLanguageVersion.of(17) } }\nversion = " + srcStr(version) + "\napplication { mainClass = " + srcStr(mainClass) + " }\n",
		strings.ReplaceAll(sub, ":", "/") + "/src/main/java/com/example/App.java": "package com.example;\npublic class App { public static void main(String[] a) {} }\n",
	}
}

func javaInjectionCases() []injCase {
	boot := injBootPom("demo", "0.0.1-SNAPSHOT", "", "")
	gradle := injGradle("hello", "app", "com.example.App", "1.0")
	cases := []injCase{
		{name: "pom artifactId", tree: func(v string) map[string]string { return injBootPom(xmlStr(v), "0.0.1-SNAPSHOT", "", "") }},
		{name: "pom version", tree: func(v string) map[string]string { return injBootPom("demo", xmlStr(v), "", "") }},
		{name: "pom finalName", tree: func(v string) map[string]string {
			return injBootPom("demo", "1.0", "", "<finalName>"+xmlStr(v)+"</finalName>")
		}},
		{name: "pom finalName property", tree: func(v string) map[string]string {
			return injBootPom("demo", "1.0", "<app.name>"+xmlStr(v)+"</app.name>", "<finalName>${app.name}</finalName>")
		}},
		{name: "pom java.version", benign: "17", tree: func(v string) map[string]string {
			f := injBootPom("demo", "1.0", "", "")
			f["pom.xml"] = strings.Replace(f["pom.xml"], "<java.version>21</java.version>", "<java.version>"+xmlStr(v)+"</java.version>", 1)
			return f
		}},
		{name: "jar mainClass", benign: "a.zq7", tree: func(v string) map[string]string { return injJarPom(xmlStr(v)) }},
		{name: "boot start-class", benign: "com.example.zq7", hidden: true, tree: func(v string) map[string]string {
			return injBootPom("demo", "1.0", "<start-class>"+xmlStr(v)+"</start-class>", "")
		}},
		{name: "maven module folder", at: func(v string) string { return "." }, tree: func(v string) map[string]string { return injReactor(v, "app") }},
		{name: "maven module artifactId", tree: func(v string) map[string]string { return injReactor("app", v) }},
		{name: "maven.config", hidden: true, tree: func(v string) map[string]string {
			return with(boot, ".mvn/maven.config", "-Dapp.x="+v+"\n")
		}},
		{name: "server.port", hidden: true, benign: "9090", fallback: withoutFile(boot, "src/main/resources/application.properties"), tree: func(v string) map[string]string {
			return with(boot, "src/main/resources/application.properties", "server.port="+v+"\n")
		}},
		{name: ".java-version", hidden: true, benign: "17", tree: func(v string) map[string]string {
			return with(injJarPom("a.Main"), ".java-version", v+"\n")
		}},
		{name: "gradle rootProject.name", hidden: true, tree: func(v string) map[string]string { return injGradle(v, "app", "com.example.App", "1.0") }},
		{name: "gradle include", tree: func(v string) map[string]string { return injGradle("hello", v, "com.example.App", "1.0") }},
		{name: "gradle mainClass", benign: "com.example.zq7", tree: func(v string) map[string]string { return injGradle("hello", "app", v, "1.0") }},
		{name: "gradle version", hidden: true, tree: func(v string) map[string]string { return injGradle("hello", "app", "com.example.App", v) }},
		{name: "gradle.properties", hidden: true, tree: func(v string) map[string]string {
			return with(gradle, "gradle.properties", "appVersion="+v+"\n")
		}},
	}

	app := func(edit func(a *detect.JavaApp, v string)) func(p *detect.Project, v string) {
		return func(p *detect.Project, v string) { edit(&p.Java.Apps[0], v) }
	}
	java := func(edit func(j *detect.JavaInfo, v string)) func(p *detect.Project, v string) {
		return func(p *detect.Project, v string) { edit(p.Java, v) }
	}
	reactor := injReactor("app", "app")
	jar := injJarPom("a.Main")
	cases = append(cases,
		injCase{name: "set BuildFiles", base: boot, set: java(func(j *detect.JavaInfo, v string) { j.BuildFiles = append(j.BuildFiles, v) })},
		injCase{name: "set BuildDirs", base: boot, set: java(func(j *detect.JavaInfo, v string) { j.BuildDirs = append(j.BuildDirs, v) })},
		injCase{name: "set OutputDirs", base: boot, set: java(func(j *detect.JavaInfo, v string) { j.OutputDirs = append(j.OutputDirs, v) })},
		injCase{name: "set ReactorArtifactIDs", base: reactor, set: java(func(j *detect.JavaInfo, v string) { j.ReactorArtifactIDs = append(j.ReactorArtifactIDs, v) })},
		injCase{name: "set ToolVersion", base: boot, hidden: true, set: java(func(j *detect.JavaInfo, v string) { j.ToolVersion = v })},
		injCase{name: "set FrameworkVersion", base: boot, hidden: true, set: java(func(j *detect.JavaInfo, v string) { j.FrameworkVersion = v })},
		injCase{name: "set App.Name", base: boot, set: app(func(a *detect.JavaApp, v string) { a.Name = v })},
		injCase{name: "set App.ID maven", base: reactor, set: app(func(a *detect.JavaApp, v string) { a.ID = v })},
		injCase{name: "set App.ID gradle", base: gradle, benign: ":zq7", set: app(func(a *detect.JavaApp, v string) { a.ID = v })},
		injCase{name: "set App.Module", base: reactor, hidden: true, set: app(func(a *detect.JavaApp, v string) { a.Module = v })},
		injCase{name: "set App.MainClass", base: jar, benign: "a.zq7", set: app(func(a *detect.JavaApp, v string) { a.MainClass = v })},
		injCase{name: "set App.Artifact", base: boot, benign: "target/zq7.jar", set: app(func(a *detect.JavaApp, v string) { a.Artifact = v })},
		injCase{name: "set App.Task", base: gradle, set: app(func(a *detect.JavaApp, v string) { a.Task = v })},
		injCase{name: "set App.Launcher", base: boot, benign: "org.zq7.Launcher", set: app(func(a *detect.JavaApp, v string) { a.Launcher = v })},
		injCase{name: "set App.LayerTool", base: boot, hidden: true, benign: "layertools", set: app(func(a *detect.JavaApp, v string) { a.LayerTool = v })},
		injCase{name: "set RuntimeFiles", base: boot, set: func(p *detect.Project, v string) { p.RuntimeFiles = []string{v} }},
		injCase{name: "set LanguageVersion", base: boot, benign: "17", hidden: true, set: func(p *detect.Project, v string) { p.LanguageVersion = v }},
	)
	cases = append(cases, flagCases("flag", boot, Options{Syntax: DefaultSyntax}, map[string]string{
		"--version": "17", "--name": "zq7", "--label value": "zq7", "--label key": "zq7",
		"--secret": "maven", "--include": "zq7", "--runtime": "alpine", "--stack": "java", "--syntax": "docker/dockerfile:1",
		"--output": "zq7/Dockerfile",
	})...)
	cases = append(cases, flagCases("flag jar", jar, Options{Syntax: DefaultSyntax}, map[string]string{
		"--entrypoint": "a.zq7",
	})...)
	return cases
}

// Every value that reaches the Java template is refused or renders the
// Dockerfile structure of a harmless value.
func TestJavaInjection(t *testing.T) { testCases(t, javaInjectionCases()) }

func FuzzJavaValues(f *testing.F) { fuzzCases(f, javaInjectionCases()) }
