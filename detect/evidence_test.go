package detect

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// checkEvidenceFiles fails when a project's evidence names a file that is
// not in the tree: evidence says what a file holds, so the file must exist.
func checkEvidenceFiles(t *testing.T, name string, fsys fs.FS, r Report) {
	t.Helper()
	for _, p := range r.Projects {
		for _, e := range append(append([]Evidence{}, p.Evidence...), alternativesEvidence(p)...) {
			if e.File == "" {
				t.Errorf("%s: %s evidence names no file: %+v", name, e.Field, e)
				continue
			}
			info, err := fs.Stat(fsys, e.File)
			if err != nil || !info.Mode().IsRegular() {
				t.Errorf("%s: %s evidence names %s, which is not a file in the tree (%+v)", name, e.Field, e.File, e)
			}
		}
	}
}

func alternativesEvidence(p Project) []Evidence {
	var out []Evidence
	for _, a := range p.Alternatives {
		out = append(out, a.Evidence...)
	}
	return out
}

// Every example's evidence names files that exist.
func TestEvidenceNamesExistingFilesInExamples(t *testing.T) {
	dirs, _ := filepath.Glob("../examples/*")
	n := 0
	for _, d := range dirs {
		if info, err := os.Stat(d); err != nil || !info.IsDir() {
			continue
		}
		fsys := os.DirFS(d)
		r, err := Scan(fsys)
		if err != nil {
			t.Errorf("%s: %v", d, err)
			continue
		}
		checkEvidenceFiles(t, d, fsys, r)
		n++
	}
	if n < 10 {
		t.Fatalf("only %d examples scanned", n)
	}
}

// Trees where a file the evidence used to name is absent, or where a value
// was present but rejected.
func TestEvidenceNamesExistingFiles(t *testing.T) {
	javaApp := "package a;\npublic class App { public static void main(String[] a) {} }\n"
	for name, files := range map[string]map[string]string{
		"gradle without gradlew": {
			"build.gradle.kts":         "plugins { application }\napplication { mainClass.set(\"a.App\") }\n",
			"src/main/java/a/App.java": javaApp,
		},
		"gradle settings only": {
			"settings.gradle":              "rootProject.name = 'x'\ninclude 'app'\n",
			"app/build.gradle":             "plugins { id 'application' }\napplication { mainClass = 'a.App' }\n",
			"app/src/main/java/a/App.java": javaApp,
		},
		"gradlew without its jar": {
			"gradlew":                  "#!/bin/sh\n",
			"build.gradle.kts":         "plugins { application }\napplication { mainClass.set(\"a.App\") }\n",
			"src/main/java/a/App.java": javaApp,
		},
		"mvnw without its properties": {
			"mvnw":                     "#!/bin/sh\n",
			"pom.xml":                  "<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>x</artifactId><version>1</version><properties><exec.mainClass>a.App</exec.mainClass></properties></project>",
			"src/main/java/a/App.java": javaApp,
		},
		"node engines rejected": {
			"package.json": `{"scripts": {"start": "node server.js"}, "engines": {"node": "banana"}, "dependencies": {"express": "^5.0.0"}}`,
			"server.js":    expressServer,
		},
		"python nothing stated": {
			"requirements.txt": "flask\n",
			"app.py":           flaskApp,
		},
	} {
		fsys := fstest.MapFS{}
		for n, body := range files {
			fsys[n] = &fstest.MapFile{Data: []byte(body)}
		}
		r, err := Scan(fsys)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkEvidenceFiles(t, name, fsys, r)
	}
}

// A version that was present but rejected is named by the evidence for
// the fallback, which agrees with the warning.
func TestEvidenceForRejectedVersions(t *testing.T) {
	for _, tc := range []struct {
		name     string
		files    map[string]string
		file     string
		line     int
		detail   []string
		noDetail string
	}{
		{"engines not a range", map[string]string{
			"package.json": "{\n  \"scripts\": {\"start\": \"node server.js\"},\n  \"engines\": {\"node\": \"banana\"},\n  \"dependencies\": {\"express\": \"^5.0.0\"}\n}\n",
			"server.js":    expressServer,
		}, "package.json", 3, []string{`engines.node "banana" is not a version range`, "the current LTS"}, "no .nvmrc"},
		{"engines unknown line", map[string]string{
			"package.json": "{\n  \"scripts\": {\"start\": \"node server.js\"},\n  \"engines\": {\"node\": \">=30\"},\n  \"dependencies\": {\"express\": \"^5.0.0\"}\n}\n",
			"server.js":    expressServer,
		}, "package.json", 3, []string{`engines.node ">=30"`, "no Node release line stagecraft knows", "the current LTS"}, "no .nvmrc"},
		{".nvmrc not a version", map[string]string{
			".nvmrc":       "20 && id\n",
			"package.json": `{"scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.0.0"}}`,
			"server.js":    expressServer,
		}, ".nvmrc", 1, []string{`.nvmrc "20 && id" is not a Node.js version`, "the current LTS"}, "no .nvmrc"},
		{"volta not a version", map[string]string{
			"package.json": "{\n  \"scripts\": {\"start\": \"node server.js\"},\n  \"volta\": {\"node\": \"latest\"},\n  \"dependencies\": {\"express\": \"^5.0.0\"}\n}\n",
			"server.js":    expressServer,
		}, "package.json", 3, []string{`volta.node "latest"`, "the current LTS"}, "no .nvmrc"},
		{"python-version rejected", map[string]string{
			".python-version":  "system\n",
			"requirements.txt": "flask\n",
			"app.py":           flaskApp,
		}, ".python-version", 1, []string{`"system"`, "the current stable"}, "no version stated"},
		{"requires-python rejected", map[string]string{
			"pyproject.toml": "[project]\nname = \"x\"\nrequires-python = \"banana\"\ndependencies = [\"flask\"]\n",
			"app.py":         flaskApp,
		}, "pyproject.toml", 3, []string{`requires-python banana`, "the current stable"}, "no version stated"},
		{".java-version rejected", map[string]string{
			".java-version":            "# the JDK\nlatest\n",
			"pom.xml":                  "<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>x</artifactId><version>1</version><properties><exec.mainClass>a.App</exec.mainClass></properties></project>",
			"src/main/java/a/App.java": "package a;\npublic class App { public static void main(String[] a) {} }\n",
		}, ".java-version", 2, []string{`.java-version "latest" is not a Java version`, "Java 21"}, "no Java version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Scan(mapFS(tc.files))
			if err != nil {
				t.Fatal(err)
			}
			p := r.Projects[0]
			e, ok := p.EvidenceFor("language_version")
			if !ok {
				t.Fatalf("no language_version evidence")
			}
			if e.File != tc.file || e.Line != tc.line {
				t.Errorf("evidence at %s, want %s:%d (%+v)", e.Where(), tc.file, tc.line, e)
			}
			for _, d := range tc.detail {
				if !strings.Contains(e.Detail, d) {
					t.Errorf("detail %q lacks %q", e.Detail, d)
				}
			}
			if strings.Contains(e.Detail, tc.noDetail) {
				t.Errorf("detail %q says %q though a value was given", e.Detail, tc.noDetail)
			}
			if len(p.Warnings) == 0 {
				t.Errorf("no warning about the rejected value")
			}
		})
	}
}

// The package manager evidence says what it found in a file that exists.
func TestEvidenceForBuildToolWithoutWrapper(t *testing.T) {
	p, err := Scan(mapFS(map[string]string{
		"build.gradle.kts":         "plugins { application }\napplication { mainClass.set(\"a.App\") }\n",
		"src/main/java/a/App.java": "package a;\npublic class App { public static void main(String[] a) {} }\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	e, _ := p.Projects[0].EvidenceFor("package_manager")
	if e.File != "build.gradle.kts" || !strings.Contains(e.Detail, "no gradlew") {
		t.Errorf("package_manager evidence %+v", e)
	}
	p, err = Scan(mapFS(map[string]string{
		"mvnw":                     "#!/bin/sh\n",
		"pom.xml":                  "<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>x</artifactId><version>1</version><properties><exec.mainClass>a.App</exec.mainClass></properties></project>",
		"src/main/java/a/App.java": "package a;\npublic class App { public static void main(String[] a) {} }\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	e, _ = p.Projects[0].EvidenceFor("package_manager")
	if e.File != "mvnw" || !strings.Contains(e.Detail, "maven-wrapper.properties") {
		t.Errorf("package_manager evidence %+v", e)
	}
}
