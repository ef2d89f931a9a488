package generator_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
	"github.com/stagecraft/stagecraft/templates"
)

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

func javaProject(t *testing.T, files map[string]string) detect.Project {
	t.Helper()
	r, err := detect.Scan(mapFS(files))
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	if len(r.Projects) != 1 || r.Projects[0].Java == nil {
		t.Fatalf("want one Java project, got %+v", r.Projects)
	}
	return r.Projects[0]
}

const bootApp = `package com.example.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DemoApplication {
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
`

func mavenBoot(bootVersion, javaVersion string, extra map[string]string) map[string]string {
	files := map[string]string{
		"pom.xml": `<project>
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>` + bootVersion + `</version>
    <relativePath/>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>demo</artifactId>
  <version>0.0.1-SNAPSHOT</version>
  <properties><java.version>` + javaVersion + `</java.version></properties>
  <build><plugins><plugin>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-maven-plugin</artifactId>
  </plugin></plugins></build>
</project>
`,
		"src/main/java/com/example/demo/DemoApplication.java": bootApp,
	}
	for k, v := range extra {
		files[k] = v
	}
	return files
}

func gradleBoot(extra map[string]string) map[string]string {
	files := map[string]string{
		"settings.gradle.kts": `rootProject.name = "demo"` + "\n",
		"build.gradle.kts": `plugins {
    java
    id("org.springframework.boot") version "3.3.4"
    id("io.spring.dependency-management") version "1.1.6"
}
version = "0.0.1-SNAPSHOT"
java { toolchain { languageVersion = JavaLanguageVersion.of(21) } }
`,
		"src/main/java/com/example/demo/DemoApplication.java": bootApp,
		"src/main/resources/application.yml":                  "server:\n  port: 8080\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	return files
}

var mavenWrapperFiles = map[string]string{
	"mvnw":                                  "#!/bin/sh\n",
	".mvn/wrapper/maven-wrapper.properties": "distributionUrl=https\\://example.invalid/apache-maven-3.9.9-bin.zip\n",
}

var gradleWrapperFiles = map[string]string{
	"gradlew": "#!/bin/sh\n",
	"gradle/wrapper/gradle-wrapper.properties": "distributionUrl=https\\://example.invalid/gradle-8.10.2-bin.zip\n",
	"gradle/wrapper/gradle-wrapper.jar":        "PK",
}

// TestJavaGolden renders the Java template for each build tool, runtime
// and kind of artifact; every output must pass ValidateFiles (BuildKit
// parse and lint, house rules) and match its golden file.
func TestJavaGolden(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		opts   generator.Options
		ignore bool // also compare the .dockerignore
	}{
		{name: "maven-boot-slim", files: mavenBoot("3.3.5", "21", nil), ignore: true},
		{name: "maven-boot-distroless", files: mavenBoot("3.3.5", "21", nil), opts: generator.Options{Runtime: "distroless"}},
		{name: "maven-boot-alpine", files: mavenBoot("3.3.5", "21", nil), opts: generator.Options{Runtime: "alpine"}},
		{name: "maven-boot-nosyntax", files: mavenBoot("3.3.5", "21", nil), opts: generator.Options{Syntax: ""}},
		{name: "mvnw-boot-layertools-slim", files: mavenBoot("3.1.5", "17", mavenWrapperFiles), opts: generator.Options{Secrets: []string{"maven"}}},
		{name: "maven-boot27-java11-alpine", files: mavenBoot("2.7.18", "11", nil), opts: generator.Options{Runtime: "alpine"}},
		{name: "gradle-boot-slim", files: gradleBoot(nil), ignore: true},
		{name: "gradle-boot-distroless", files: gradleBoot(nil), opts: generator.Options{Runtime: "distroless"}},
		{name: "gradle-boot-alpine", files: gradleBoot(nil), opts: generator.Options{Runtime: "alpine"}},
		{name: "gradlew-boot-slim", files: gradleBoot(gradleWrapperFiles), opts: generator.Options{Secrets: []string{"gradle"}}},
		{
			name: "gradle-application-slim",
			files: map[string]string{
				"settings.gradle": "rootProject.name = 'cli'\n",
				"build.gradle":    "plugins { id 'application' }\njava { toolchain { languageVersion = JavaLanguageVersion.of(17) } }\napplication { mainClass = 'com.example.Cli' }\n",
			},
		},
		{
			name: "maven-jar-libs-distroless",
			files: map[string]string{
				"pom.xml": `<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>tool</artifactId><version>1.2</version>
<properties><maven.compiler.release>17</maven.compiler.release><exec.mainClass>com.example.Tool</exec.mainClass></properties></project>`,
			},
			opts: generator.Options{Runtime: "distroless", Port: 7000},
		},
		{
			name: "maven-quarkus-slim",
			files: map[string]string{
				"pom.xml": `<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>greet</artifactId><version>1.0</version>
<properties><maven.compiler.release>21</maven.compiler.release></properties>
<build><plugins><plugin><groupId>io.quarkus.platform</groupId><artifactId>quarkus-maven-plugin</artifactId><version>3.15.1</version></plugin></plugins></build></project>`,
				"src/main/resources/application.properties": "quarkus.http.port=8090\n",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := javaProject(t, c.files)
			opts := c.opts
			if c.name != "maven-boot-nosyntax" {
				opts.Syntax = generator.DefaultSyntax
			}
			_, files, err := generator.Generate(p, opts, templates.FS())
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			golden(t, filepath.Join("testdata", "java", c.name+".Dockerfile"), files[0].Content)
			if c.ignore {
				golden(t, filepath.Join("testdata", "java", c.name+".dockerignore"), files[1].Content)
			}
		})
	}
}

func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *generator.Update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs (run go test ./generator -update and review the diff):\n--- got\n%s", file, got)
	}
}

func TestJavaPlanRefusals(t *testing.T) {
	boot11 := javaProject(t, mavenBoot("2.7.18", "11", nil))
	boot21 := javaProject(t, mavenBoot("3.3.5", "21", nil))
	cases := []struct {
		name string
		p    detect.Project
		opts generator.Options
		want string
	}{
		{"distroless for Java 11", boot11, generator.Options{Runtime: "distroless"}, "distroless has Java images for 17 and 21 only"},
		{"distroless with --version 25", boot21, generator.Options{Runtime: "distroless", Version: "25"}, "distroless has Java images for 17 and 21 only, not 25"},
		{"scratch", boot21, generator.Options{Runtime: "scratch"}, "not a runtime for java projects"},
		{"a gradle secret for maven", boot21, generator.Options{Secrets: []string{"gradle"}}, "mounts only the maven secret"},
		{"netrc", boot21, generator.Options{Secrets: []string{"netrc"}}, "mounts only the maven secret"},
		{"private go modules", boot21, generator.Options{Private: []string{"example.com/*"}}, "--private is for Go modules"},
		{"unknown entry point", boot21, generator.Options{Entrypoint: "nope"}, "no runnable module or main class"},
		{"bad version", boot21, generator.Options{Version: "7"}, "want a major version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := generator.Generate(c.p, c.opts, templates.FS())
			var ie *generator.InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want an input error containing %q", err, c.want)
			}
		})
	}
}

func TestJavaEntrypointPicksModule(t *testing.T) {
	files := map[string]string{
		"settings.gradle":  "rootProject.name = 'mono'\ninclude 'api', 'worker'\n",
		"api/build.gradle": "plugins { id 'org.springframework.boot' version '3.3.0' }\nversion = '1.0'\n",
		"api/src/main/java/com/example/demo/DemoApplication.java":      bootApp,
		"api/src/main/resources/application.properties":                "server.port=8181\n",
		"api/src/test/java/com/example/demo/DemoApplicationTests.java": "class T { public static void main(String[] a) {} }",
		"worker/build.gradle":                              "plugins { id 'application' }\napplication { mainClass = 'com.example.Worker' }\n",
		"worker/src/main/java/com/example/Worker.java":     "package com.example; class Worker { public static void main(String[] a) {} }",
		"worker/src/main/resources/application.properties": "server.port=1\n",
	}
	p := javaProject(t, files)
	if p.Entrypoint != "com.example.demo.DemoApplication" || p.Port == nil || *p.Port != 8181 {
		t.Fatalf("default entry %q port %v", p.Entrypoint, p.Port)
	}
	plan, out, err := generator.Generate(p, generator.Options{Entrypoint: "worker", Syntax: generator.DefaultSyntax}, templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	df := string(out[0].Content)
	for _, want := range []string{":worker:installDist", `"com.example.Worker"`, "COPY worker/build.gradle ./worker/", "gradle --no-daemon --console=plain :worker:dependencies"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q:\n%s", want, df)
		}
	}
	if strings.Contains(df, "EXPOSE") {
		t.Errorf("the worker has no known port; the api's 8181 must not be exposed:\n%s", df)
	}
	if plan.Values["AppName"] != "worker" {
		t.Errorf("name %v", plan.Values["AppName"])
	}
}

// TestJavaExamples keeps examples/java-* and their generated files in step:
// the checked-in Dockerfile and .dockerignore are what generate writes.
func TestJavaExamples(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "examples", "java-*"))
	if err != nil || len(dirs) < 3 {
		t.Fatalf("examples: %v %v", dirs, err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			r, err := detect.Scan(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Projects) != 1 {
				t.Fatalf("projects %+v", r.Projects)
			}
			_, files, err := generator.Generate(r.Projects[0], generator.Options{Syntax: generator.DefaultSyntax}, templates.FS())
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				golden(t, filepath.Join(dir, filepath.FromSlash(f.Path)), f.Content)
			}
		})
	}
}
