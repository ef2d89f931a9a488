package detect

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func pyScan(files map[string]string) (Report, error) {
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return Scan(fsys)
}

func pyProject(t *testing.T, files map[string]string) Project {
	t.Helper()
	r, err := pyScan(files)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	if len(r.Projects) != 1 {
		t.Fatalf("want one project, got %d: %+v", len(r.Projects), r.Projects)
	}
	p := r.Projects[0]
	if p.Stack != "python" || p.Python == nil {
		t.Fatalf("want a python project, got %s", p.Stack)
	}
	return p
}

func hasWarning(p Project, sub string) bool {
	for _, w := range p.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

const fastapiApp = "from fastapi import FastAPI\n\napi = FastAPI(title=\"x\")\n\n\n@api.get(\"/\")\ndef index():\n    return {}\n"

func TestPythonFastAPIObjectInAppPyNamedApi(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt": "fastapi==0.163.2\nuvicorn==0.54.0\n",
		"app.py":           fastapiApp,
		"helpers.py":       "def helper():\n    return 1\n",
	})
	if p.Framework != "fastapi" || p.Python.Server != "uvicorn" || p.Python.Kind != "server" {
		t.Fatalf("framework %q server %q kind %q", p.Framework, p.Python.Server, p.Python.Kind)
	}
	if p.Entrypoint != "app:api" || p.Python.App != "app:api" {
		t.Fatalf("entry point %q, want app:api (not main:app)", p.Entrypoint)
	}
	if e := evidence(t, p, "entrypoint"); e.File != "app.py" || e.Line != 3 {
		t.Errorf("entry point evidence %s, want app.py:3", e.Where())
	}
	if *p.Port != 8000 {
		t.Errorf("port %d, want 8000", *p.Port)
	}
	if p.PackageManager != "pip" || p.Python.Requirements != "requirements.txt" {
		t.Errorf("manager %q requirements %q", p.PackageManager, p.Python.Requirements)
	}
}

func TestPythonSrcLayoutProjectNameDiffersFromPackage(t *testing.T) {
	p := pyProject(t, map[string]string{
		"pyproject.toml": `[project]
name = "acme-service"
version = "1.0"
requires-python = ">=3.11"
dependencies = ["fastapi>=0.163", "uvicorn[standard]>=0.54"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
`,
		"uv.lock":                   "version = 1\n[[package]]\nname = \"acme-service\"\nversion = \"1.0\"\n",
		"src/acme_api/__init__.py":  "",
		"src/acme_api/server.py":    "from fastapi import FastAPI\napplication = FastAPI()\n",
		"tests/test_server.py":      "from fastapi import FastAPI\napp = FastAPI()\n",
		"src/acme_api/sub/other.py": "import fastapi\nrouter = fastapi.APIRouter()\n",
	})
	if p.Entrypoint != "acme_api.server:application" {
		t.Fatalf("entry point %q, want acme_api.server:application (import path without src/)", p.Entrypoint)
	}
	if p.Python.SrcDir != "src" {
		t.Errorf("src dir %q, want src", p.Python.SrcDir)
	}
	if p.PackageManager != "uv" || p.Python.Lockfile != "uv.lock" {
		t.Errorf("manager %q lock %q", p.PackageManager, p.Python.Lockfile)
	}
	if !reflect.DeepEqual(p.Python.Manifests, []string{"pyproject.toml", "uv.lock"}) {
		t.Errorf("manifests %v", p.Python.Manifests)
	}
	if p.Python.Name != "acme-service" {
		t.Errorf("name %q", p.Python.Name)
	}
	if hasWarning(p, "several dependency managers") {
		t.Errorf("[project] dependencies beside uv.lock are not a second manager: %v", p.Warnings)
	}
}

func TestPythonPEP621WithoutLockfile(t *testing.T) {
	p := pyProject(t, map[string]string{
		"pyproject.toml": `[project]
name = "svc"
version = "1.0"
dependencies = [
  "flask>=3.1",
  "gunicorn>=23",
]
[build-system]
requires = ["setuptools>=80"]
build-backend = "setuptools.build_meta"
`,
		"svc/__init__.py": "from flask import Flask\napp = Flask(__name__)\n",
	})
	if p.PackageManager != "pip" {
		t.Fatalf("manager %q, want pip", p.PackageManager)
	}
	if !reflect.DeepEqual(p.Python.Dependencies, []string{"flask>=3.1", "gunicorn>=23"}) {
		t.Errorf("dependencies %v: pip must install them, never nothing", p.Python.Dependencies)
	}
	if !p.Python.InstallProject {
		t.Error("a PEP 621 project with a build system is installed (pip install .)")
	}
	if !hasWarning(p, "no lockfile") {
		t.Errorf("want a no-lockfile warning: %v", p.Warnings)
	}
	if p.Entrypoint != "svc:app" || p.Python.Server != "gunicorn" {
		t.Errorf("entry %q server %q", p.Entrypoint, p.Python.Server)
	}
	if e := evidence(t, p, "framework"); e.File != "pyproject.toml" || e.Line != 5 {
		t.Errorf("framework evidence %s, want pyproject.toml:5", e.Where())
	}
}

func TestPythonPoetry2(t *testing.T) {
	p := pyProject(t, map[string]string{
		"pyproject.toml": `[project]
name = "site"
version = "1.0"
requires-python = ">=3.10,<3.13"
dependencies = ["flask (>=3.1,<4.0)", "gunicorn (>=23.0)"]

[tool.poetry]
package-mode = false

[tool.poetry.group.dev.dependencies]
uvicorn = "^0.54"
`,
		"poetry.lock": `[[package]]
name = "flask"
version = "3.1.3"
groups = ["main"]
files = []

[[package]]
name = "uvicorn"
version = "0.54.0"
groups = ["dev"]
files = []

[metadata]
lock-version = "2.1"
python-versions = ">=3.10,<3.13"
content-hash = "00"
`,
		"app.py": "from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n",
	})
	if p.PackageManager != "poetry" || p.Python.Lockfile != "poetry.lock" {
		t.Fatalf("manager %q lock %q", p.PackageManager, p.Python.Lockfile)
	}
	if p.LanguageVersion != "3.12" {
		t.Errorf("version %q, want 3.12", p.LanguageVersion)
	}
	if slices.Contains(p.Python.Installed, "uvicorn") {
		t.Error("uvicorn is a dev dependency; --only main does not install it")
	}
	if p.Entrypoint != "app:create_app()" || p.Python.Server != "gunicorn" {
		t.Errorf("entry %q server %q, want the app factory behind gunicorn", p.Entrypoint, p.Python.Server)
	}
}

func TestPythonRequirementsAndPoetryLockTogether(t *testing.T) {
	p := pyProject(t, map[string]string{
		"pyproject.toml":   "[tool.poetry]\nname = \"x\"\nversion = \"1\"\n[tool.poetry.dependencies]\npython = \"^3.11\"\nflask = \"^3.1\"\n",
		"poetry.lock":      "[[package]]\nname = \"flask\"\nversion = \"3.1.3\"\ncategory = \"main\"\n",
		"requirements.txt": "flask==3.1.3\n",
		"main.py":          "if __name__ == '__main__':\n    print('hi')\n",
	})
	if p.PackageManager != "poetry" {
		t.Fatalf("manager %q: the lockfile wins", p.PackageManager)
	}
	if !hasWarning(p, "pip (requirements.txt)") {
		t.Errorf("want a warning naming requirements.txt: %v", p.Warnings)
	}
	if p.LanguageVersion != "3.14" {
		t.Errorf("^3.11 resolves to the newest supported minor, got %q", p.LanguageVersion)
	}
}

func TestPythonFlaskCorsIsNotFlask(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt": "# flask\nflask-cors==5.0.0  # not flask\nflask_login\n",
		"main.py":          "from flask import Flask\napp = Flask(__name__)\nif __name__ == \"__main__\":\n    app.run()\n",
	})
	if p.Framework != "" {
		t.Fatalf("framework %q: flask-cors, flask_login and a comment are not Flask", p.Framework)
	}
	if !reflect.DeepEqual(p.Python.Installed, []string{"flask-cors", "flask-login"}) {
		t.Errorf("installed %v", p.Python.Installed)
	}
	if p.Python.Kind != "file" || p.Entrypoint != "main.py" {
		t.Errorf("kind %q entry %q", p.Python.Kind, p.Entrypoint)
	}
}

const djangoManage = "import os, sys\n\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n\nif __name__ == '__main__':\n    main()\n"

func TestPythonDjangoASGIWithUvicorn(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt":                "Django==6.1.3\nuvicorn==0.54.0\n",
		"manage.py":                       djangoManage,
		"proj/__init__.py":                "",
		"proj/settings.py":                "ROOT_URLCONF = 'proj.urls'\nSTATIC_ROOT = None\n",
		"proj/asgi.py":                    "from django.core.asgi import get_asgi_application\napplication = get_asgi_application()\n",
		"proj/wsgi.py":                    "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
		"shop/migrations/0001_initial.py": "from django.db import migrations\n",
	})
	if p.Framework != "django" {
		t.Fatalf("framework %q", p.Framework)
	}
	if p.Python.Server != "uvicorn" || p.Entrypoint != "proj.asgi:application" {
		t.Fatalf("server %q entry %q: only an ASGI server is installed, so asgi.py beside the settings", p.Python.Server, p.Entrypoint)
	}
	if p.Python.Collectstatic {
		t.Error("STATIC_ROOT = None: no collectstatic")
	}
	if e := evidence(t, p, "django_settings"); e.File != "manage.py" || e.Line != 4 {
		t.Errorf("settings evidence %s", e.Where())
	}
}

func TestPythonDjangoWSGISettingsAndStaticRoot(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements/base.txt":     "Django==6.1.3\n",
		"requirements/prod.txt":     "-r base.txt\ngunicorn==27.0.1\n",
		"manage.py":                 djangoManage,
		"proj/settings/__init__.py": "from .base import *\n",
		"proj/settings/base.py":     "WSGI_APPLICATION = \"proj.wsgi.application\"\nSTATIC_ROOT = BASE_DIR / 'static'\n",
		"proj/wsgi.py":              "application = get_wsgi_application()\n",
	})
	if p.Python.Requirements != "requirements/prod.txt" {
		t.Errorf("requirements %q", p.Python.Requirements)
	}
	if !reflect.DeepEqual(p.Python.Manifests, []string{"requirements/prod.txt", "requirements/base.txt"}) {
		t.Errorf("manifests %v: the -r include is copied too", p.Python.Manifests)
	}
	if p.Entrypoint != "proj.wsgi:application" || p.Python.Server != "gunicorn" {
		t.Fatalf("entry %q server %q", p.Entrypoint, p.Python.Server)
	}
	if e := evidence(t, p, "entrypoint"); e.File != "proj/settings/base.py" || e.Line != 1 {
		t.Errorf("entry evidence %s", e.Where())
	}
	if !p.Python.Collectstatic {
		t.Error("STATIC_ROOT is set: collectstatic")
	}
}

func TestPythonDjangoChannelsASGIApplication(t *testing.T) {
	p := pyProject(t, map[string]string{
		"Pipfile":          "[packages]\ndjango = \"*\"\nchannels = \"*\"\ndaphne = \"*\"\ngunicorn = \"*\"\n\n[requires]\npython_version = \"3.12\"\n",
		"Pipfile.lock":     `{"_meta": {}, "default": {"django": {"version": "==6.1.3"}, "daphne": {"version": "==4.2.3"}, "gunicorn": {"version": "==27.0.1"}}, "develop": {}}`,
		"manage.py":        djangoManage,
		"proj/settings.py": "ASGI_APPLICATION = 'proj.asgi.application'\nWSGI_APPLICATION = 'proj.wsgi.application'\n",
	})
	if p.PackageManager != "pipenv" || p.LanguageVersion != "3.12" {
		t.Fatalf("manager %q version %q", p.PackageManager, p.LanguageVersion)
	}
	if p.Python.Server != "daphne" || p.Entrypoint != "proj.asgi:application" {
		t.Fatalf("server %q entry %q: ASGI_APPLICATION asks for ASGI", p.Python.Server, p.Entrypoint)
	}
}

func TestPythonProjectScripts(t *testing.T) {
	p := pyProject(t, map[string]string{
		"pyproject.toml":   "[project]\nname = \"tool\"\nversion = \"1\"\ndependencies = [\"click\"]\n[project.scripts]\ntool-cli = \"tool.cli:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"tool/__init__.py": "",
		"tool/cli.py":      "import click\n\ndef main():\n    print('hi')\n",
	})
	if p.Python.Kind != "script" || p.Entrypoint != "tool-cli" || !p.Python.InstallProject {
		t.Fatalf("kind %q entry %q install %v", p.Python.Kind, p.Entrypoint, p.Python.InstallProject)
	}
	if e := evidence(t, p, "entrypoint"); e.File != "pyproject.toml" || e.Line != 6 {
		t.Errorf("evidence %s", e.Where())
	}
	if p.Port != nil {
		t.Errorf("a CLI has no port, got %d", *p.Port)
	}
}

func TestPythonMainPackageAndMainFile(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt":   "requests\n",
		"worker/__init__.py": "",
		"worker/__main__.py": "from worker.run import run\nrun()\n",
		"worker/run.py":      "import os\nPORT = int(os.environ.get('PORT', '9090'))\ndef run():\n    pass\n",
	})
	if p.Python.Kind != "module" || p.Entrypoint != "-m worker" {
		t.Fatalf("kind %q entry %q", p.Python.Kind, p.Entrypoint)
	}
	p = pyProject(t, map[string]string{
		"requirements.txt": "requests\n",
		"server.py":        "import os\nfrom http.server import HTTPServer\nPORT = int(os.getenv(\"PORT\", 8081))\nif __name__ == \"__main__\":\n    HTTPServer((\"\", PORT), None).serve_forever()\n",
	})
	if p.Python.Kind != "file" || p.Entrypoint != "server.py" || p.Port == nil || *p.Port != 8081 {
		t.Fatalf("kind %q entry %q port %v", p.Python.Kind, p.Entrypoint, p.Port)
	}
}

func TestPythonVersionOrder(t *testing.T) {
	base := map[string]string{
		"pyproject.toml": "[project]\nname = \"x\"\nrequires-python = \">=3.10,<3.13\"\n\n[tool.poetry.dependencies]\npython = \"~3.10\"\n",
		"Pipfile":        "[requires]\npython_version = \"3.9\"\n",
		"main.py":        "if __name__ == '__main__':\n    pass\n",
	}
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		extra map[string]string
		want  string
		file  string
	}{
		{".python-version", map[string]string{".python-version": "# pyenv\n3.11.9\n", ".tool-versions": "python 3.10.1\n", "runtime.txt": "python-3.9.20\n"}, "3.11.9", ".python-version"},
		{".tool-versions", map[string]string{".tool-versions": "nodejs 20.1.0\npython 3.10.14\n", "runtime.txt": "python-3.9.20\n"}, "3.10.14", ".tool-versions"},
		{"runtime.txt", map[string]string{"runtime.txt": "python-3.9.20\n"}, "3.9.20", "runtime.txt"},
		{"requires-python", nil, "3.12", "pyproject.toml"},
	} {
		p := pyProject(t, with(tc.extra))
		if p.LanguageVersion != tc.want {
			t.Errorf("%s: version %q, want %q", tc.name, p.LanguageVersion, tc.want)
		}
		if e := evidence(t, p, "language_version"); e.File != tc.file {
			t.Errorf("%s: evidence %s, want %s", tc.name, e.Where(), tc.file)
		}
	}
	// Poetry's python, then the Pipfile, then the default.
	p := pyProject(t, map[string]string{"pyproject.toml": "[tool.poetry]\nname = \"x\"\n[tool.poetry.dependencies]\npython = \"~3.10\"\n"})
	if p.LanguageVersion != "3.10" {
		t.Errorf("poetry ~3.10: got %q", p.LanguageVersion)
	}
	p = pyProject(t, map[string]string{"Pipfile": "[packages]\n[requires]\npython_version = \"3.9\"\n"})
	if p.LanguageVersion != "3.9" || !hasWarning(p, "end-of-life") {
		t.Errorf("Pipfile 3.9: got %q, warnings %v", p.LanguageVersion, p.Warnings)
	}
	p = pyProject(t, map[string]string{"requirements.txt": "requests\n", "app.py": "if __name__ == '__main__':\n    pass\n"})
	if p.LanguageVersion != DefaultPython || len(p.Python.Compatible) != len(PythonVersions) {
		t.Errorf("default: got %q %v", p.LanguageVersion, p.Python.Compatible)
	}
	// A pin that contradicts requires-python wins, with a warning.
	p = pyProject(t, with(map[string]string{".python-version": "3.13\n"}))
	if p.LanguageVersion != "3.13" || !hasWarning(p, "does not satisfy") {
		t.Errorf("conflicting pin: %q %v", p.LanguageVersion, p.Warnings)
	}
}

func TestPythonDistrolessNeeds311(t *testing.T) {
	p := pyProject(t, map[string]string{
		"pyproject.toml": "[project]\nname = \"x\"\nrequires-python = \">=3.12\"\ndependencies = []\n",
		"main.py":        "if __name__ == '__main__':\n    pass\n",
	})
	if slices.Contains(p.Runtimes, "distroless") {
		t.Fatalf("runtimes %v: distroless has Python 3.11 only", p.Runtimes)
	}
	if len(p.RuntimesExcluded) != 1 || p.RuntimesExcluded[0].Runtime != "distroless" || !strings.Contains(p.RuntimesExcluded[0].Reason, ">=3.12") || !strings.Contains(p.RuntimesExcluded[0].Reason, "3.11") {
		t.Fatalf("excluded %+v", p.RuntimesExcluded)
	}
	// A range that allows 3.11 keeps distroless (built for 3.11).
	p = pyProject(t, map[string]string{
		"pyproject.toml": "[project]\nname = \"x\"\nrequires-python = \">=3.10\"\n",
		"main.py":        "if __name__ == '__main__':\n    pass\n",
	})
	if !slices.Contains(p.Runtimes, "distroless") || p.LanguageVersion != "3.14" {
		t.Fatalf("runtimes %v version %q", p.Runtimes, p.LanguageVersion)
	}
}

func TestPythonNativeDependencyExcludesDistroless(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt": "psycopg2==2.9.10\nflask\ngunicorn\n",
		"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
	})
	if !reflect.DeepEqual(p.Python.Native, []string{"psycopg2"}) {
		t.Fatalf("native %v", p.Python.Native)
	}
	if slices.Contains(p.Runtimes, "distroless") || !strings.Contains(p.RuntimesExcluded[0].Reason, "libpq") {
		t.Fatalf("runtimes %v excluded %+v", p.Runtimes, p.RuntimesExcluded)
	}
}

func TestPythonServerMissing(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt": "fastapi\n",
		"main.py":          fastapiApp,
	})
	if p.Python.Kind != "unserved" || !hasWarning(p, "add uvicorn") {
		t.Fatalf("kind %q warnings %v", p.Python.Kind, p.Warnings)
	}
	// fastapi[standard] brings uvicorn.
	p = pyProject(t, map[string]string{
		"requirements.txt": "fastapi[standard]==0.163.2\n",
		"main.py":          fastapiApp,
	})
	if p.Python.Server != "uvicorn" || p.Entrypoint != "main:api" {
		t.Fatalf("server %q entry %q", p.Python.Server, p.Entrypoint)
	}
	// Flask without gunicorn runs `flask run` on 5000, with a warning.
	p = pyProject(t, map[string]string{
		"requirements.txt": "flask\n",
		"wsgi.py":          "from flask import Flask\napp = Flask(__name__)\n",
	})
	if p.Python.Kind != "flask-cli" || *p.Port != 5000 || !hasWarning(p, "add gunicorn") {
		t.Fatalf("kind %q port %d warnings %v", p.Python.Kind, *p.Port, p.Warnings)
	}
}

func TestPythonPortLiteralAndExpose(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt": "fastapi\nuvicorn\n",
		"main.py":          fastapiApp + "\nif __name__ == \"__main__\":\n    import uvicorn\n    uvicorn.run(api, host=\"0.0.0.0\", port=8080)\n",
	})
	if *p.Port != 8080 {
		t.Fatalf("port %d, want the literal 8080", *p.Port)
	}
	if e := evidence(t, p, "port"); e.Line != 12 {
		t.Errorf("port evidence %s", e.Where())
	}
	p = pyProject(t, map[string]string{
		"requirements.txt": "flask\ngunicorn\n",
		"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
		"Dockerfile":       "FROM python:3.12-slim\nEXPOSE 9000\n",
	})
	if *p.Port != 9000 {
		t.Fatalf("port %d, want the existing EXPOSE 9000", *p.Port)
	}
}

func TestPythonManagers(t *testing.T) {
	for _, tc := range []struct {
		files map[string]string
		want  string
		lock  string
	}{
		{map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n", "pdm.lock": "[[package]]\nname = \"flask\"\nversion = \"3\"\ngroups = [\"default\"]\n"}, "pdm", "pdm.lock"},
		{map[string]string{"Pipfile": "[packages]\nflask = \"*\"\n"}, "pipenv", ""},
		{map[string]string{"requirements.in": "flask\n"}, "pip", ""},
		{map[string]string{"setup.py": "from setuptools import setup\nsetup(name='x')\n"}, "pip", ""},
		{map[string]string{"setup.cfg": "[metadata]\nname = x\n[options]\ninstall_requires =\n    flask>=3\n    gunicorn\n"}, "pip", ""},
		{map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n", "app.py": "if __name__ == '__main__':\n    pass\n"}, "none", ""},
	} {
		tc.files["main.py"] = "if __name__ == '__main__':\n    pass\n"
		p := pyProject(t, tc.files)
		if p.PackageManager != tc.want || p.Python.Lockfile != tc.lock {
			t.Errorf("%v: manager %q lock %q, want %q %q", keys(tc.files), p.PackageManager, p.Python.Lockfile, tc.want, tc.lock)
		}
	}
	p := pyProject(t, map[string]string{"setup.cfg": "[options]\ninstall_requires =\n    flask>=3\n    gunicorn\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"})
	if !reflect.DeepEqual(p.Python.Dependencies, []string{"flask>=3", "gunicorn"}) || p.Python.Server != "gunicorn" {
		t.Errorf("setup.cfg: dependencies %v server %q", p.Python.Dependencies, p.Python.Server)
	}
	p = pyProject(t, map[string]string{"requirements.txt": "-e .\nflask\n", "main.py": "if __name__ == '__main__':\n    pass\n"})
	if !p.Python.NeedsSources {
		t.Error("-e . needs the sources before installing")
	}
}

func keys(m map[string]string) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestPythonManifestErrors(t *testing.T) {
	for _, tc := range []struct {
		files map[string]string
		file  string
		line  int
	}{
		{map[string]string{"pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\n  \"flask\"\n  \"gunicorn\"\n]\n"}, "pyproject.toml", 5},
		{map[string]string{"requirements.txt": "flask\n\nnot a requirement!\n"}, "requirements.txt", 3},
		{map[string]string{"requirements.txt": "-r missing.txt\n"}, "requirements.txt", 1},
		{map[string]string{"Pipfile.lock": "{\"default\": ", "Pipfile": "[packages]\n"}, "Pipfile.lock", 1},
		{map[string]string{"setup.cfg": "[options\ninstall_requires = x\n"}, "setup.cfg", 1},
	} {
		_, err := pyScan(tc.files)
		var me *ManifestError
		if !errors.As(err, &me) || me.File != tc.file || me.Line != tc.line {
			t.Errorf("%v: want a ManifestError at %s:%d, got %v", keys(tc.files), tc.file, tc.line, err)
		}
	}
}

func TestPythonToolingOnly(t *testing.T) {
	// A pyproject.toml that only configures tools is not a project.
	_, err := pyScan(map[string]string{"pyproject.toml": "[tool.ruff]\nline-length = 100\n", "README.md": "x"})
	var np *NoProjectError
	if !errors.As(err, &np) {
		t.Fatalf("want NoProjectError, got %v", err)
	}
	// A tooling-only package.json beside a Python project leaves it Python.
	p := pyProject(t, map[string]string{
		"package.json":     `{"private": true, "devDependencies": {"prettier": "^3"}}`,
		"requirements.txt": "flask\ngunicorn\n",
		"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
	})
	if p.Entrypoint != "app:app" {
		t.Errorf("entry %q", p.Entrypoint)
	}
	// A lone main.py that runs nothing is not a project either.
	_, err = pyScan(map[string]string{"main.py": "def helper():\n    return 1\n"})
	if !errors.As(err, &np) {
		t.Fatalf("want NoProjectError for a library file, got %v", err)
	}
}

func TestPythonSeveralApps(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt": "flask\ngunicorn\n",
		"admin/panel.py":   "from flask import Flask\npanel = Flask(__name__)\n",
		"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
	})
	if p.Entrypoint != "app:app" || !reflect.DeepEqual(p.EntrypointCandidates, []string{"app:app", "admin.panel:panel"}) {
		t.Fatalf("entry %q candidates %v", p.Entrypoint, p.EntrypointCandidates)
	}
	if !hasWarning(p, "several application objects") {
		t.Errorf("warnings %v", p.Warnings)
	}
}

func FuzzParseRequirements(f *testing.F) {
	f.Add("flask==3.1\n-r other.txt\n-e .\ngunicorn[gevent] ; python_version>'3'\n")
	f.Add("--hash=sha256:00 \\\n  x\n")
	f.Fuzz(func(t *testing.T, content string) {
		_, err := pyScan(map[string]string{"requirements.txt": content, "other.txt": "x\n", "main.py": "if __name__ == '__main__':\n    pass\n"})
		var me *ManifestError
		if err != nil && !errors.As(err, &me) {
			t.Fatalf("a bad requirements file must be a ManifestError, got %T %v", err, err)
		}
	})
}

func TestPythonUvLockDevGroupNotInstalled(t *testing.T) {
	p := pyProject(t, map[string]string{
		"pyproject.toml": "[project]\nname = \"svc\"\nversion = \"1\"\ndependencies = [\"fastapi\"]\n[dependency-groups]\ndev = [\"uvicorn\"]\n",
		"uv.lock": `version = 1
[[package]]
name = "svc"
version = "1"
source = { virtual = "." }
dependencies = [{ name = "fastapi" }]
[package.dev-dependencies]
dev = [{ name = "uvicorn" }]
[[package]]
name = "fastapi"
version = "0.163.2"
dependencies = [{ name = "starlette" }]
[[package]]
name = "starlette"
version = "1.10.0"
[[package]]
name = "uvicorn"
version = "0.54.0"
`,
		"main.py": fastapiApp,
	})
	if !reflect.DeepEqual(p.Python.Installed, []string{"fastapi", "starlette", "svc"}) {
		t.Fatalf("installed %v: uv sync --no-dev leaves the dev group out", p.Python.Installed)
	}
	if p.Python.Kind != "unserved" {
		t.Errorf("kind %q: uvicorn is dev-only, so nothing serves the app in the image", p.Python.Kind)
	}
}

func TestPythonDjangoSettingsPackage(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt":              "django\ngunicorn\n",
		"manage.py":                     strings.Replace(djangoManage, "proj.settings", "config.settings.production", 1),
		"config/__init__.py":            "",
		"config/settings/__init__.py":   "",
		"config/settings/base.py":       "STATIC_ROOT = '/app/static'\n",
		"config/settings/production.py": "from .base import *\nDEBUG = False\n",
		"config/wsgi.py":                "application = None\n",
	})
	if p.Entrypoint != "config.wsgi:application" {
		t.Errorf("entry %q: wsgi.py sits beside the settings package", p.Entrypoint)
	}
	if !p.Python.Collectstatic {
		t.Error("STATIC_ROOT in base.py counts for production.py")
	}
}

func TestPythonRequirementsDetails(t *testing.T) {
	p := pyProject(t, map[string]string{
		"requirements.txt": "--index-url https://user:s3cret@pypi.example.invalid/simple\r\n-r base.txt\r\nflask==3.1.3 \\\r\n    --hash=sha256:00\r\n",
		"base.txt":         "--extra-index-url https://${TOKEN}@pypi.example.invalid/simple\ngunicorn==27.0.1\n",
		"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
	})
	if !reflect.DeepEqual(p.Python.Installed, []string{"flask", "gunicorn"}) {
		t.Errorf("installed %v", p.Python.Installed)
	}
	if !reflect.DeepEqual(p.Python.Manifests, []string{"requirements.txt", "base.txt"}) {
		t.Errorf("manifests %v", p.Python.Manifests)
	}
	n := 0
	for _, w := range p.Warnings {
		if strings.Contains(w, "credentials") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want one credentials warning (an ${ENV} reference is not one): %v", p.Warnings)
	}
}
