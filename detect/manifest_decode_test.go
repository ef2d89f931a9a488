package detect

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

const flaskApp = "from flask import Flask\napp = Flask(__name__)\n"

// A manifest field stagecraft relies on that has the wrong type is a
// ManifestError naming the file, the line, the key and the type wanted,
// in words a user can act on: never Go's type names.
func TestManifestWrongTypes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // the whole error message
	}{
		{"pyproject dependencies a string",
			map[string]string{"pyproject.toml": "[project]\nname = \"x\"\ndependencies = \"flask\"\n", "app.py": flaskApp},
			`pyproject.toml:3: project.dependencies: want a list of strings, not a string (dependencies = ["flask"])`},
		{"pyproject dependency not a string",
			map[string]string{"pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"flask\", 3]\n", "app.py": flaskApp},
			`pyproject.toml:3: project.dependencies[1]: want a string, not an integer`},
		{"pyproject inline table",
			map[string]string{"pyproject.toml": "project = {name = 5}\n", "app.py": flaskApp},
			`pyproject.toml:1: project.name: want a string, not an integer (name = "5")`},
		{"pyproject project not a table",
			map[string]string{"pyproject.toml": "project = \"x\"\n", "app.py": flaskApp},
			`pyproject.toml:1: project: want a table, not a string`},
		{"pyproject scripts value",
			map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n\n[project.scripts]\nserve = 5\n", "app.py": flaskApp},
			`pyproject.toml:5: project.scripts.serve: want a string, not an integer (serve = "5")`},
		{"requires-python a number",
			map[string]string{"pyproject.toml": "[project]\nname = \"x\"\nrequires-python = 3.11\n", "app.py": flaskApp},
			`pyproject.toml:3: project.requires-python: want a string, not a number (requires-python = "3.11")`},
		{"tool.uv.package",
			map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n[tool.uv]\npackage = \"yes\"\n", "app.py": flaskApp},
			`pyproject.toml:4: tool.uv.package: want true or false, not a string`},
		{"tool.poetry.scripts",
			map[string]string{"pyproject.toml": "[tool.poetry]\nname = \"x\"\nscripts = \"serve\"\n", "app.py": flaskApp},
			`pyproject.toml:3: tool.poetry.scripts: want a table, not a string`},
		{"tool.poetry.package-mode",
			map[string]string{"pyproject.toml": "[tool.poetry]\nname = \"x\"\npackage-mode = 0\n", "app.py": flaskApp},
			`pyproject.toml:3: tool.poetry.package-mode: want true or false, not an integer`},
		{"Pipfile python_version a number",
			map[string]string{"Pipfile": "[packages]\nflask = \"*\"\n\n[requires]\npython_version = 3.11\n", "app.py": flaskApp},
			`Pipfile:5: requires.python_version: want a string, not a number (python_version = "3.11")`},
		{"Pipfile packages not a table",
			map[string]string{"Pipfile": "packages = [\"flask\"]\n", "app.py": flaskApp},
			`Pipfile:1: packages: want a table, not a list`},
		{"poetry.lock groups",
			map[string]string{
				"pyproject.toml": "[tool.poetry]\nname = \"x\"\n\n[tool.poetry.dependencies]\npython = \"^3.12\"\nflask = \"^3.0\"\n",
				"poetry.lock":    "[[package]]\nname = \"flask\"\ngroups = [\"main\"]\n\n[[package]]\nname = \"click\"\ngroups = \"main\"\n",
				"app.py":         flaskApp,
			},
			`poetry.lock:7: package[1].groups: want a list of strings, not a string (groups = ["main"])`},
		{"uv.lock dependencies",
			map[string]string{
				"pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"flask\"]\n",
				"uv.lock":        "version = 1\n\n[[package]]\nname = \"x\"\nsource = { editable = \".\" }\ndependencies = \"flask\"\n",
				"app.py":         flaskApp,
			},
			`uv.lock:6: package[0].dependencies: want an array of tables, not a string`},
		{"Pipfile.lock default",
			map[string]string{"Pipfile": "[packages]\nflask = \"*\"\n", "Pipfile.lock": "{\n  \"default\": [\"flask\"]\n}\n", "app.py": flaskApp},
			`Pipfile.lock:2: default: want an object, not an array`},
		{"package.json scripts a number",
			map[string]string{"package.json": "{\n  \"name\": \"app\",\n  \"scripts\": 5\n}\n", "server.js": expressServer},
			`package.json:3: scripts: want an object of strings, not a number`},
		{"package.json dependencies a list",
			map[string]string{"package.json": "{\n  \"name\": \"app\",\n  \"scripts\": {\"start\": \"node server.js\"},\n  \"dependencies\": [\"express\"]\n}\n", "server.js": expressServer},
			`package.json:4: dependencies: want an object of strings, not an array`},
		{"package.json script not a string",
			map[string]string{"package.json": "{\n  \"name\": \"app\",\n  \"scripts\": {\n    \"start\": [\"node\", \"server.js\"]\n  }\n}\n", "server.js": expressServer},
			`package.json:4: scripts.start: want a string, not an array`},
		{"package.json dependency version a number",
			map[string]string{"package.json": "{\n  \"scripts\": {\"start\": \"node server.js\"},\n  \"dependencies\": {\n    \"express\": 5\n  }\n}\n", "server.js": expressServer},
			`package.json:4: dependencies.express: want a string, not a number ("express": "5")`},
		{"package.json engines.node",
			map[string]string{"package.json": "{\n  \"scripts\": {\"start\": \"node server.js\"},\n  \"engines\": {\"node\": 20}\n}\n", "server.js": expressServer},
			`package.json:3: engines.node: want a string, not a number ("node": "20")`},
		{"package.json main",
			map[string]string{"package.json": "{\n  \"main\": true\n}\n", "server.js": expressServer},
			`package.json:2: main: want a string, not a boolean ("main": "true")`},
		{"package.json workspaces",
			map[string]string{"package.json": "{\n  \"private\": true,\n  \"workspaces\": \"apps/*\"\n}\n"},
			`package.json:3: workspaces: want a list of folders or {"packages": [...]}, not a string ("workspaces": ["apps/*"])`},
		{"pnpm-workspace.yaml packages",
			map[string]string{"package.json": `{"name": "mono", "private": true}`, "pnpm-workspace.yaml": "# the apps\npackages: apps/*\n"},
			`pnpm-workspace.yaml:2: packages: want a list of strings, not a string (packages: ["apps/*"])`},
		{"tsconfig outDir",
			map[string]string{
				"package.json":  `{"scripts": {"build": "tsc", "start": "node dist/index.js"}, "dependencies": {"express": "^5.0.0"}, "devDependencies": {"typescript": "^5.0.0"}}`,
				"tsconfig.json": "{\n  // comment\n  \"compilerOptions\": {\n    \"outDir\": 5\n  }\n}\n",
				"src/index.ts":  expressServer,
			},
			`tsconfig.json:4: compilerOptions.outDir: want a string, not a number ("outDir": "5")`},
		{"version catalog",
			map[string]string{
				"settings.gradle.kts":       "rootProject.name = \"x\"\n",
				"build.gradle.kts":          "plugins { application }\napplication { mainClass.set(\"a.App\") }\n",
				"gradle/libs.versions.toml": "versions = \"1.0\"\n",
				"src/main/java/a/App.java":  "package a;\npublic class App { public static void main(String[] a) {} }\n",
			},
			`gradle/libs.versions.toml:1: versions: want a table, not a string`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Scan(mapFS(tc.files))
			var me *ManifestError
			if !errors.As(err, &me) {
				t.Fatalf("want a ManifestError, got %T %v", err, err)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tc.want)
			}
		})
	}
}

// Fields stagecraft does not read never fail a manifest, whatever their type.
func TestManifestUnusedFieldsOfAnyType(t *testing.T) {
	p := pyProject(t, map[string]string{
		"pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"flask\"]\ndynamic = \"version\"\noptional-dependencies = 5\n\n[build-system]\nrequires = \"setuptools\"\nbuild-backend = 5\n\n[tool.pdm]\ndistribution = \"no\"\n",
		"app.py":         flaskApp,
	})
	if p.Framework != "flask" {
		t.Errorf("framework %q", p.Framework)
	}
	np, _ := scanNode(t, map[string]string{
		"package.json": `{"name": "app", "type": 5, "private": "yes", "engines": {"vscode": 1}, "volta": {"yarn": 4}, "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.0.0"}}`,
		"server.js":    expressServer,
	})
	if np.Framework != "express" {
		t.Errorf("framework %q", np.Framework)
	}
}

// No Go type, struct or package name reaches a user.
func TestManifestErrorsSayNoGoTypes(t *testing.T) {
	for _, files := range []map[string]string{
		{"pyproject.toml": "[project]\nname = [1]\n", "app.py": flaskApp},
		{"pyproject.toml": "[project]\nname = \"x\"\n[project.scripts]\na = {b = 1}\n", "app.py": flaskApp},
		{"Pipfile.lock": "{\"default\": \"flask\"}", "Pipfile": "[packages]\nflask = \"*\"\n", "app.py": flaskApp},
		{"package.json": `{"volta": {"node": [20]}}`, "server.js": expressServer},
	} {
		_, err := Scan(mapFS(files))
		var me *ManifestError
		if !errors.As(err, &me) {
			t.Errorf("%v: want a ManifestError, got %v", keys(files), err)
			continue
		}
		for _, leak := range []string{"struct", "[]string", "map[", "json:", "toml:", "Go value", "Go struct", "interface"} {
			if strings.Contains(me.Err.Error(), leak) {
				t.Errorf("%v: %q leaks %q", keys(files), err, leak)
			}
		}
	}
}

// A yarnPath of the wrong type is named as such, not as invalid YAML.
func TestYarnPathWrongType(t *testing.T) {
	_, r := scanNode(t, map[string]string{
		"package.json": `{"packageManager": "yarn@4.5.0", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.0.0"}}`,
		"yarn.lock":    "__metadata:\n  version: 8\n",
		".yarnrc.yml":  "yarnPath:\n  - .yarn/releases/yarn-4.5.0.cjs\n",
		"server.js":    expressServer,
	})
	found := false
	for _, w := range r.Warnings {
		if strings.Contains(w, ".yarnrc.yml: yarnPath is not a string") {
			found = true
		}
	}
	if !found {
		t.Errorf("warnings %q", r.Warnings)
	}
}

// npm's early list form of engines is old, not wrong: a warning, and the
// version comes from elsewhere.
func TestPackageJSONEnginesList(t *testing.T) {
	r, err := Scan(mapFS(map[string]string{
		"package.json": "{\n  \"scripts\": {\"start\": \"node server.js\"},\n  \"engines\": [\"node >= 0.6\"]\n}\n",
		"server.js":    expressServer,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !hasWarning(r.Projects[0], "package.json:3: engines is not an object") && !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, "package.json:3: engines is not an object") }) {
		t.Errorf("no warning: %v %v", r.Projects[0].Warnings, r.Warnings)
	}
}
