package generator

import (
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/detect"
)

const injFlask = "from flask import Flask\napi = Flask(__name__)\n"

// injPyProject is a PEP 621 project without a lockfile (pip installs its
// dependencies, each shell-quoted) served by gunicorn.
func injPyProject(name, dep string, extra ...string) map[string]string {
	return with(map[string]string{
		"pyproject.toml":  "[project]\nname = " + tomlStr(name) + "\nversion = \"1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\"flask\", " + tomlStr(dep) + ", \"gunicorn\"]\n",
		"app.py":          injFlask,
		".python-version": "3.11\n",
	}, extra...)
}

// injDjango is a Django project whose settings module is pkg.settings,
// with wsgi.py beside it.
func injDjango(pkg, settings string) map[string]string {
	dir := strings.ReplaceAll(pkg, ".", "/")
	return map[string]string{
		"requirements.txt":       "django==5.2\ngunicorn==23.0.0\n",
		".python-version":        "3.12\n",
		"manage.py":              "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', " + srcStr(pkg+".settings") + ")\n",
		dir + "/__init__.py":     "",
		dir + "/settings.py":     settings,
		dir + "/wsgi.py":         "application = get_wsgi_application()\n",
		"staticfiles/.gitignore": "*\n",
	}
}

func pythonInjectionCases() []injCase {
	flask := map[string]string{
		"requirements.txt": "flask==3.1.3\ngunicorn==27.0.1\n",
		"app.py":           injFlask,
		".python-version":  "3.11\n",
	}
	scripts := func(name, target string) map[string]string {
		return map[string]string{
			"pyproject.toml":  "[project]\nname = \"svc\"\nversion = \"1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\"click\"]\n[project.scripts]\n" + tomlStr(name) + " = " + tomlStr(target) + "\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
			"svc/__init__.py": "",
			"svc/cli.py":      "def main():\n    pass\n",
			".python-version": "3.12\n",
		}
	}
	fastapi := func(module string) map[string]string {
		return map[string]string{
			"requirements.txt": "fastapi\nuvicorn\n",
			".python-version":  "3.12\n",
			strings.ReplaceAll(module, ".", "/") + ".py": "from fastapi import FastAPI\napp = FastAPI()\n",
		}
	}
	uv := func(name string) map[string]string {
		return map[string]string{
			"pyproject.toml":           "[project]\nname = " + tomlStr(name) + "\nversion = \"1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n",
			"uv.lock":                  "version = 1\n\n[[package]]\nname = " + tomlStr(name) + "\nversion = \"1.0\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"fastapi\" }, { name = \"uvicorn\" }]\n\n[[package]]\nname = \"fastapi\"\nversion = \"0.163.2\"\n\n[[package]]\nname = \"uvicorn\"\nversion = \"0.54.0\"\n",
			"src/acme_api/__init__.py": "",
			"src/acme_api/main.py":     "from fastapi import FastAPI\napp = FastAPI()\n",
		}
	}
	cases := []injCase{
		{name: "pyproject name", tree: func(v string) map[string]string { return injPyProject(v, "click") }},
		{name: "uv project name", tree: uv},
		{name: "pyproject dependency", tree: func(v string) map[string]string { return injPyProject("svc", v) }},
		{name: "console script name", tree: func(v string) map[string]string { return scripts(v, "svc.cli:main") }},
		{name: "console script target", hidden: true, tree: func(v string) map[string]string { return scripts("svc", v) }},
		{name: "app module path", tree: fastapi},
		{name: "app package folder", tree: func(v string) map[string]string { return fastapi(v + ".main") }},
		{name: "src layout package", tree: func(v string) map[string]string {
			f := uv("svc")
			delete(f, "src/acme_api/__init__.py")
			delete(f, "src/acme_api/main.py")
			f["src/"+v+"/__init__.py"] = ""
			f["src/"+v+"/main.py"] = "from fastapi import FastAPI\napp = FastAPI()\n"
			return f
		}},
		{name: "Django settings module", tree: func(v string) map[string]string {
			return injDjango(v, "STATIC_ROOT = BASE_DIR / 'staticfiles'\n")
		}},
		{name: "WSGI_APPLICATION", benign: "zq7.wsgi.application", hidden: true, tree: func(v string) map[string]string {
			return injDjango("mysite", "WSGI_APPLICATION = "+srcStr(v)+"\n")
		}},
		{name: "requirements include", tree: func(v string) map[string]string {
			return with(flask, "requirements.txt", "-r "+v+"\n", v, "flask==3.1.3\ngunicorn==27.0.1\n")
		}},
		{name: "requirements line", hidden: true, tree: func(v string) map[string]string {
			return with(flask, "requirements.txt", "flask==3.1.3\ngunicorn==27.0.1\n"+v+"\n")
		}},
		{name: ".python-version", benign: "3.12", tree: func(v string) map[string]string {
			return with(flask, ".python-version", v+"\n")
		}},
		{name: "runtime.txt", benign: "3.12", tree: func(v string) map[string]string {
			f := with(flask, "runtime.txt", "python-"+v+"\n")
			delete(f, ".python-version")
			return f
		}},
		{name: "requires-python", hidden: true, benign: ">=3.12", tree: func(v string) map[string]string {
			return map[string]string{
				"pyproject.toml": "[project]\nname = \"svc\"\nversion = \"1.0\"\nrequires-python = " + tomlStr(v) + "\ndependencies = [\"flask\", \"gunicorn\"]\n",
				"app.py":         injFlask,
			}
		}},
		{name: "Pipfile package", hidden: true, tree: func(v string) map[string]string {
			return map[string]string{
				"Pipfile": "[packages]\nflask = \"*\"\nwaitress = \"*\"\n" + tomlStr(v) + " = \"*\"\n\n[requires]\npython_version = \"3.11\"\n",
				"web.py":  "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
			}
		}},
		{name: "project folder", hidden: true, at: func(v string) string { return "svc/" + v }, tree: func(v string) map[string]string {
			out := map[string]string{}
			for k, body := range flask {
				out["svc/"+v+"/"+k] = body
			}
			return out
		}},
	}

	py := func(edit func(p *detect.PythonInfo, v string)) func(p *detect.Project, v string) {
		return func(p *detect.Project, v string) { edit(p.Python, v) }
	}
	deps := injPyProject("svc", "click")
	cases = append(cases,
		injCase{name: "set Name", base: flask, set: py(func(p *detect.PythonInfo, v string) { p.Name = v })},
		injCase{name: "set Manager", base: flask, hidden: true, set: py(func(p *detect.PythonInfo, v string) { p.Manager = v })},
		injCase{name: "set Lockfile", base: flask, hidden: true, set: py(func(p *detect.PythonInfo, v string) { p.Lockfile = v })},
		injCase{name: "set Manifests", base: flask, set: py(func(p *detect.PythonInfo, v string) { p.Manifests = append(p.Manifests, v) })},
		injCase{name: "set Requirements", base: flask, set: py(func(p *detect.PythonInfo, v string) { p.Requirements = v })},
		injCase{name: "set Dependencies", base: deps, set: py(func(p *detect.PythonInfo, v string) { p.Dependencies = append(p.Dependencies, v) })},
		injCase{name: "set App", base: flask, benign: "zq7:api", set: py(func(p *detect.PythonInfo, v string) { p.App = v })},
		injCase{name: "set App waitress", base: flask, benign: "zq7:api", set: py(func(p *detect.PythonInfo, v string) { p.Server, p.App = "waitress", v })},
		injCase{name: "set Target module", base: flask, set: py(func(p *detect.PythonInfo, v string) { p.Kind, p.Target = "module", v })},
		injCase{name: "set Target file", base: flask, set: py(func(p *detect.PythonInfo, v string) { p.Kind, p.Target = "file", v })},
		injCase{name: "set Target script", base: deps, set: py(func(p *detect.PythonInfo, v string) { p.Kind, p.Target = "script", v })},
		injCase{name: "set Server", base: flask, hidden: true, set: py(func(p *detect.PythonInfo, v string) { p.Server = v })},
		injCase{name: "set SrcDir", base: flask, set: py(func(p *detect.PythonInfo, v string) { p.SrcDir = v })},
		injCase{name: "set Native", base: flask, hidden: true, set: py(func(p *detect.PythonInfo, v string) { p.Native = []string{v} })},
		injCase{name: "set LanguageVersion", base: flask, benign: "3.12", set: func(p *detect.Project, v string) { p.LanguageVersion = v }},
	)
	cases = append(cases, flagCases("flag", flask, Options{Syntax: DefaultSyntax}, map[string]string{
		"--version": "3.12", "--entrypoint": "zq7:api", "--name": "zq7", "--label value": "zq7", "--label key": "zq7",
		"--secret": "pip", "--include": "zq7", "--runtime": "alpine", "--stack": "python", "--syntax": "docker/dockerfile:1",
		"--output": "zq7/Dockerfile", "--private": "example.com/zq7",
	})...)
	return cases
}

// Every value that reaches the Python template is refused or renders the
// Dockerfile structure of a harmless value.
func TestPythonInjection(t *testing.T) { testCases(t, pythonInjectionCases()) }

func FuzzPythonValues(f *testing.F) { fuzzCases(f, pythonInjectionCases()) }
