package detect

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// Fuzz targets for the manifests and version files of the Node, Python and
// Java stacks, driven through Scan so the whole path from the file to the
// Report is covered.

// A detected language version: digits and dots (Node may add a
// pre-release such as 22.0.0-rc.1, which the generator refuses).
var detectedVersionRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*(-[0-9A-Za-z.]+)?$`)

// checkScan is what every fuzzed Scan must keep: no panic (the fuzzer
// sees it), an error only of the input kind, and values fit for a
// Dockerfile's structure where the detector vouches for them.
func checkScan(t *testing.T, r Report, err error) {
	t.Helper()
	if err != nil {
		if !IsInputError(err) {
			t.Fatalf("not an input error: %T %v", err, err)
		}
		var me *ManifestError
		if errors.As(err, &me) && me.File == "" {
			t.Fatalf("a manifest error names no file: %v", err)
		}
		return
	}
	for _, p := range r.Projects {
		if p.LanguageVersion != "" && !detectedVersionRe.MatchString(p.LanguageVersion) {
			t.Fatalf("%s: language version %q", p.Stack, p.LanguageVersion)
		}
		if p.Port != nil && (*p.Port < 1 || *p.Port > 65535) {
			t.Fatalf("%s: port %d", p.Stack, *p.Port)
		}
		for _, e := range p.Evidence {
			if e.Line < 0 {
				t.Fatalf("evidence %+v: negative line", e)
			}
		}
		for _, rf := range p.RuntimeFiles {
			if leaves(rf) {
				t.Fatalf("runtime file %q leaves the project", rf)
			}
		}
		if py := p.Python; py != nil {
			for _, m := range py.Manifests {
				if leaves(m) {
					t.Fatalf("python manifest %q leaves the project", m)
				}
			}
			if py.Requirements != "" && leaves(py.Requirements) {
				t.Fatalf("requirements %q leaves the project", py.Requirements)
			}
		}
	}
}

func leaves(p string) bool {
	return p == "" || strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../")
}

const pyMain = "if __name__ == \"__main__\":\n    print(1)\n"

// FuzzPyproject: any pyproject.toml, with or without a uv.lock or
// poetry.lock beside it, scans or fails with a ManifestError.
func FuzzPyproject(f *testing.F) {
	f.Add("[project]\nname = \"svc\"\nversion = \"1\"\nrequires-python = \">=3.11\"\ndependencies = [\"fastapi\", \"uvicorn[standard]>=0.30\"]\n[project.scripts]\nsvc = \"svc.main:run\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n", "", uint8(0))
	f.Add("[tool.poetry]\nname = \"p\"\n[tool.poetry.dependencies]\npython = \"^3.12\"\nflask = \"*\"\ngunicorn = {version = \"^22\", optional = true}\n[tool.poetry.scripts]\nrun = \"p.cli:main\"\n", "[[package]]\nname = \"flask\"\nversion = \"3.0\"\ncategory = \"main\"\n", uint8(2))
	f.Add("[project]\nname = \"svc\"\ndependencies = [\"django\"]\n", "version = 1\n[[package]]\nname = \"svc\"\nversion = \"1\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"django\" }]\n", uint8(1))
	f.Add("[project\nname = ", "", uint8(0))
	f.Add("[project]\nname = 3\ndependencies = \"x\"\nrequires-python = [1]\n", "[[package]\n", uint8(1))
	f.Add("[tool.pdm]\n[project]\nname=\"a\"\n[project.gui-scripts]\n\"x y\" = \"a:b\"\n", "", uint8(3))
	f.Add("a = \"\\u0000\"\n[project]\nname = \"$(id)\"\n[project.scripts]\n\"a\\nRUN id\" = \"m:f\"\n", "", uint8(0))
	f.Add("\xef\xbb\xbf[project]\nname='x'\n", "", uint8(0))
	f.Fuzz(func(t *testing.T, pyproject, lock string, which uint8) {
		files := map[string]string{"pyproject.toml": pyproject, "main.py": pyMain}
		switch which % 4 {
		case 1:
			files["uv.lock"] = lock
		case 2:
			files["poetry.lock"] = lock
		case 3:
			files["pdm.lock"] = lock
		}
		r, err := Scan(mapFS(files))
		checkScan(t, r, err)
	})
}

// FuzzPipfile: any Pipfile and Pipfile.lock (JSON) scan or fail with a
// ManifestError.
func FuzzPipfile(f *testing.F) {
	f.Add("[[source]]\nurl = \"https://example.com/simple\"\n[packages]\nflask = \"*\"\ngunicorn = {version = \">=22\"}\n[requires]\npython_version = \"3.12\"\n", `{"_meta": {"requires": {"python_version": "3.12"}}, "default": {"flask": {"version": "==3.0.0"}}}`)
	f.Add("[packages]\nrequests = {git = \"https://x\", editable = true}\n[dev-packages]\npytest = \"*\"\n[requires]\npython_full_version = \"3.11.9\"\n", "")
	f.Add("[packages\n", "{")
	f.Add("[requires]\npython_version = 3.12\n", `{"default": []}`)
	f.Add("[packages]\n\"a b\" = \"*\"\n\"$(id)\" = \"*\"\n", `{"default": {"x": 1}}`)
	f.Fuzz(func(t *testing.T, pipfile, lock string) {
		files := map[string]string{"Pipfile": pipfile, "app.py": pyMain}
		if lock != "" {
			files["Pipfile.lock"] = lock
		}
		r, err := Scan(mapFS(files))
		checkScan(t, r, err)
	})
}

// Version files, one per stack and manager, and the project each belongs to.
var versionFileCases = []struct {
	name  string
	files map[string]string
}{
	{".nvmrc", map[string]string{"package.json": `{"name":"a","scripts":{"start":"node server.js"}}`, "server.js": expressServer}},
	{".node-version", map[string]string{"package.json": `{"name":"a","main":"server.js"}`, "server.js": expressServer}},
	{".tool-versions", map[string]string{"package.json": `{"name":"a","scripts":{"start":"node server.js"}}`, "server.js": expressServer}},
	{".python-version", map[string]string{"main.py": pyMain}},
	{"runtime.txt", map[string]string{"requirements.txt": "flask\n", "main.py": pyMain}},
	{".tool-versions", map[string]string{"main.py": pyMain}},
	{".java-version", map[string]string{"pom.xml": fuzzPom}},
	{".sdkmanrc", map[string]string{"pom.xml": fuzzPom}},
	{".tool-versions", map[string]string{"pom.xml": fuzzPom}},
	{".tool-versions", map[string]string{"go.mod": "module example.com/a\n\ngo 1.23\n", "main.go": mainServe}},
}

const fuzzPom = `<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId><version>1</version>
<build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.Main</mainClass></manifest></archive></configuration></plugin></plugins></build></project>`

// FuzzVersionFiles: any content in .nvmrc, .node-version, .tool-versions,
// .python-version, runtime.txt, .java-version or .sdkmanrc scans, and a
// version taken from one is a plain version.
func FuzzVersionFiles(f *testing.F) {
	seeds := []string{
		"20\n", "v22.11.0", "lts/iron", "lts/*", "node", "22.0.0-rc.1", ">=18", "system",
		"3.12\n", "3.12.4", "pypy3.10-7.3", "3.13t", "python-3.11.9", "python-3.x",
		"21", "17.0.2", "temurin-21.0.5+11.0.LTS", "java=21.0.5-tem\n", "java 21.0.5-tem\nnodejs 20.11.1\npython 3.12.1 3.11\n",
		"nodejs 20 && id\n", "20\nRUN id", "3.12 $(id)", "\x00", "# only a comment\n", "", "99999999999999999999",
		"1.8", "java=\n", "nodejs\n", "python 3..12\n",
	}
	for i, s := range seeds {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, content string, which uint8) {
		c := versionFileCases[int(which)%len(versionFileCases)]
		files := map[string]string{c.name: content}
		for k, v := range c.files {
			files[k] = v
		}
		r, err := Scan(mapFS(files))
		checkScan(t, r, err)
		if err == nil && len(r.Projects) != 1 {
			t.Fatalf("a version file changed the projects found: %+v", r.Projects)
		}
	})
}

// FuzzGradleBuild: any settings and build script pair, through Scan (the
// scripts' reading, includes, plugins and the app's classification).
func FuzzGradleBuild(f *testing.F) {
	f.Add("rootProject.name = 'hello'\ninclude 'app'\n", "plugins { id 'application' }\napplication { mainClass = 'com.example.App' }\n", false)
	f.Add("rootProject.name = \"demo\"\n", "plugins {\n    java\n    id(\"org.springframework.boot\") version \"3.3.4\"\n}\nversion = \"0.0.1-SNAPSHOT\"\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\n", true)
	f.Add("include ':a:b', \"c\"\nproject(':a:b').projectDir = file('../x')\n", "plugins { id 'io.quarkus' }\n", false)
	f.Add("rootProject.name = 'a\x00b'\ninclude 'app'\n", "plugins { id 'application' }\napplication { mainClass = 'com.example.App' }\n", false)
	f.Add("includeBuild('build-logic')\n", "plugins { id 'com.github.johnrengelman.shadow' }\njar { manifest { attributes 'Main-Class': 'a.B' } }\n", false)
	f.Fuzz(func(t *testing.T, settings, build string, kotlin bool) {
		ext := ".gradle"
		if kotlin {
			ext = ".gradle.kts"
		}
		r, err := Scan(mapFS(map[string]string{
			"settings" + ext:                         settings,
			"app/build" + ext:                        build,
			"build" + ext:                            build,
			"app/src/main/java/com/example/App.java": "package com.example;\npublic class App { public static void main(String[] a) {} }\n",
		}))
		checkScan(t, r, err)
		for _, p := range r.Projects {
			if p.Java == nil || len(p.Java.Apps) == 0 {
				t.Fatalf("a Java project without an app: %+v", p)
			}
		}
	})
}

// A settings.gradle that cannot be read is a ManifestError that says why,
// not a panic (found by the injection tests: a NUL made it "binary").
func TestGradleUnreadableSettings(t *testing.T) {
	_, err := Scan(mapFS(map[string]string{
		"settings.gradle":  "rootProject.name = 'a\x00b'\ninclude 'app'\n",
		"app/build.gradle": "plugins { id 'application' }\napplication { mainClass = 'com.example.App' }\n",
	}))
	var me *ManifestError
	if !errors.As(err, &me) || me.File != "settings.gradle" || !strings.Contains(err.Error(), "binary") {
		t.Fatalf("got %v, want a ManifestError on settings.gradle saying it is binary", err)
	}
}

// A yarnPath naming no file (here "7q " read as "7q") is not used: the
// image would run a Yarn release it does not have (found by
// FuzzNodeValues).
func TestYarnPathToAMissingFileIsNotUsed(t *testing.T) {
	r, err := Scan(mapFS(map[string]string{
		"package.json": `{"name": "api", "packageManager": "yarn@4.5.0", "scripts": {"start": "node index.js"}}`,
		"yarn.lock":    "__metadata:\n  version: 8\n",
		".yarnrc.yml":  "nodeLinker: node-modules\nyarnPath: \"7q \"\n",
		"7q ":          "x",
		"index.js":     "require('http').createServer().listen(3000)\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if p := r.Projects[0]; p.Node.YarnPath != "" {
		t.Fatalf("yarnPath %q is used", p.Node.YarnPath)
	}
	if !hasWarningAbout(r, ".yarnrc.yml", "not a file") {
		t.Errorf("no warning: %q", r.Warnings)
	}
}
