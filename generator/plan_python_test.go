package generator

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/templates"
)

const pyMain = "if __name__ == \"__main__\":\n    print('hello')\n"

// pythonFixtures are small projects, one per dependency manager and shape.
var pythonFixtures = map[string]map[string]string{
	"pip": {
		"requirements.txt": "flask==3.1.3\ngunicorn==27.0.1\n",
		"app.py":           "from flask import Flask\napi = Flask(__name__)\n",
	},
	"pip-pep621": {
		"pyproject.toml":     "[project]\nname = \"orders\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\ndependencies = [\n  \"fastapi>=0.163\",\n  \"uvicorn[standard]>=0.54; sys_platform != 'win32'\",\n]\n\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"orders/__init__.py": "",
		"orders/main.py":     "from fastapi import FastAPI\napp = FastAPI()\n",
	},
	"pip-setuppy": {
		"setup.py": "from setuptools import setup\nsetup(name='legacy', install_requires=['flask', 'gunicorn'])\n",
		"main.py":  pyMain,
	},
	"uv": {
		"pyproject.toml":           "[project]\nname = \"acme-service\"\nversion = \"1.0\"\nrequires-python = \">=3.11,<3.13\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n",
		"uv.lock":                  "version = 1\n\n[[package]]\nname = \"acme-service\"\nversion = \"1.0\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"fastapi\" }, { name = \"uvicorn\" }]\n\n[[package]]\nname = \"fastapi\"\nversion = \"0.163.2\"\n\n[[package]]\nname = \"uvicorn\"\nversion = \"0.54.0\"\n",
		"src/acme_api/main.py":     "from fastapi import FastAPI\napp = FastAPI()\n",
		"src/acme_api/__init__.py": "",
	},
	"uv-script": {
		"pyproject.toml":   "[project]\nname = \"tool\"\nversion = \"1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\"click\"]\n[project.scripts]\ntool = \"tool.cli:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
		"uv.lock":          "version = 1\n\n[[package]]\nname = \"tool\"\nversion = \"1.0\"\nsource = { editable = \".\" }\ndependencies = [{ name = \"click\" }]\n\n[[package]]\nname = \"click\"\nversion = \"8.3.1\"\n",
		"tool/__init__.py": "",
		"tool/cli.py":      "def main():\n    print('tool')\n",
	},
	"poetry": {
		"pyproject.toml":     "[project]\nname = \"mysite\"\nversion = \"1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\"django (>=6.1,<6.2)\", \"gunicorn (>=27)\"]\n\n[tool.poetry]\npackage-mode = false\n",
		"poetry.lock":        "[[package]]\nname = \"django\"\nversion = \"6.1.3\"\ngroups = [\"main\"]\nfiles = []\n\n[[package]]\nname = \"gunicorn\"\nversion = \"27.0.1\"\ngroups = [\"main\"]\nfiles = []\n",
		"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
		"mysite/settings.py": "WSGI_APPLICATION = 'mysite.wsgi.application'\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n",
		"mysite/wsgi.py":     "application = get_wsgi_application()\n",
	},
	"pdm": {
		"pyproject.toml":  "[project]\nname = \"svc\"\nversion = \"1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\"starlette\", \"hypercorn\"]\n",
		"pdm.lock":        "[[package]]\nname = \"starlette\"\nversion = \"1.10.0\"\ngroups = [\"default\"]\n\n[[package]]\nname = \"hypercorn\"\nversion = \"0.18.0\"\ngroups = [\"default\"]\n",
		"svc/__init__.py": "",
		"svc/asgi.py":     "from starlette.applications import Starlette\napp = Starlette()\n",
	},
	"pipenv": {
		"Pipfile":      "[packages]\nflask = \"*\"\nwaitress = \"*\"\n\n[requires]\npython_version = \"3.11\"\n",
		"Pipfile.lock": `{"_meta": {}, "default": {"flask": {"version": "==3.1.3"}, "waitress": {"version": "==3.0.2"}}, "develop": {}}`,
		"web.py":       "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
	},
	"pipenv-nolock": {
		"Pipfile": "[packages]\nrequests = \"*\"\n",
		"main.py": pyMain,
	},
	"stdlib": {
		"pyproject.toml": "[project]\nname = \"hello\"\nversion = \"1.0\"\nrequires-python = \">=3.11,<3.12\"\n",
		"main.py":        "from http.server import HTTPServer\nif __name__ == '__main__':\n    HTTPServer(('', 8000), None).serve_forever()\n",
	},
	"native": {
		"requirements.txt": "psycopg2==2.9.10\nmysqlclient==2.2.7\nflask\ngunicorn\n",
		"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
	},
	"flask-dev": {
		"requirements.txt": "flask\n",
		"app.py":           "from flask import Flask\napp = Flask(__name__)\n",
	},
	"django-dev": {
		"requirements/base.txt": "django\n",
		"manage.py":             "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
		"proj/settings.py":      "ROOT_URLCONF = 'proj.urls'\n",
		"proj/wsgi.py":          "application = None\n",
	},
}

func pythonFixture(t *testing.T, name string) detect.Project {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, c := range pythonFixtures[name] {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
	}
	r, err := detect.Scan(fsys)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(r.Projects) != 1 || r.Projects[0].Stack != "python" {
		t.Fatalf("%s: %+v", name, r.Projects)
	}
	return r.Projects[0]
}

func checkGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
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
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the rendering (run go test ./generator -update and read the diff):\n%s", file, got)
	}
}

// TestPythonGolden renders the template for each dependency manager on each
// runtime it allows, and for the secret, native-library, development-server
// and old-frontend variants. Every file must pass ValidateFiles
// (BuildKit's parser, all of its lint rules, the house rules).
func TestPythonGolden(t *testing.T) {
	type tc struct {
		name, fixture string
		o             Options
	}
	var cases []tc
	for _, fx := range []string{"pip", "pip-pep621", "uv", "poetry", "pdm", "pipenv", "stdlib"} {
		for _, rt := range []string{"slim", "distroless", "alpine"} {
			cases = append(cases, tc{fx + "-" + rt, fx, Options{Runtime: rt}})
		}
	}
	cases = append(cases,
		tc{"pip-setuppy-slim", "pip-setuppy", Options{}},
		tc{"uv-script-slim", "uv-script", Options{}},
		tc{"pipenv-nolock-slim", "pipenv-nolock", Options{}},
		tc{"native-slim", "native", Options{}},
		tc{"native-alpine", "native", Options{Runtime: "alpine"}},
		tc{"flask-dev-slim", "flask-dev", Options{}},
		tc{"django-dev-slim", "django-dev", Options{}},
		tc{"pip-secrets-slim", "pip", Options{Secrets: []string{"pip", "index-url", "netrc"}}},
		tc{"uv-secrets-slim", "uv", Options{Secrets: []string{"index-url", "netrc"}}},
		tc{"poetry-netrc-slim", "poetry", Options{Secrets: []string{"netrc"}}},
		tc{"pip-nosyntax-slim", "pip", Options{Syntax: ""}},
		tc{"uv-nosyntax-distroless", "uv", Options{Runtime: "distroless", Syntax: ""}},
		tc{"pip-overrides-slim", "pip", Options{Version: "3.13", Port: 9000, Name: "orders-api", Entrypoint: "app:api"}},
	)
	tfs := templates.FS()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := pythonFixture(t, c.fixture)
			o := c.o
			if !strings.Contains(c.name, "nosyntax") {
				o.Syntax = DefaultSyntax
			}
			_, files, err := Generate(p, o, tfs)
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			df := string(files[0].Content)
			if strings.Contains(df, "--no-dev") && strings.Contains(df, "poetry install") {
				t.Error("Poetry 2 removed --no-dev; use --only main")
			}
			if o.Syntax == "" && strings.Contains(df, "--link") {
				t.Error("without a syntax line the file must build on the old frontend: no --link")
			}
			runtime := df[strings.LastIndex(df, "\nFROM "):]
			for _, tool := range []string{"/opt/poetry", "/opt/pdm", "/opt/pipenv", "uv sync", "apt-get install -y --no-install-recommends gcc", ".cache"} {
				if strings.Contains(runtime, tool) {
					t.Errorf("the runtime stage mentions %q: tools and caches stay in the build stage", tool)
				}
			}
			checkGolden(t, filepath.Join("testdata", "python", c.name+".Dockerfile"), files[0].Content)
		})
	}
	// One .dockerignore golden: it does not vary with the runtime.
	_, files, err := Generate(pythonFixture(t, "uv"), Options{Syntax: DefaultSyntax}, tfs)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("testdata", "python", "uv.dockerignore"), files[1].Content)
}

func TestPythonDistrolessBuildsFor311(t *testing.T) {
	// >=3.10 resolves to 3.14, but distroless runs 3.11, which the range allows.
	p := pythonFixture(t, "pip-pep621")
	plan, files, err := Generate(p, Options{Runtime: "distroless", Syntax: DefaultSyntax}, templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	df := string(files[0].Content)
	for _, want := range []string{"FROM python:3.11-slim-bookworm AS build", "FROM gcr.io/distroless/python3-debian12:nonroot AS runtime", "ln -sf /usr/bin/python3.11 /opt/venv/bin/python", "home = /usr/bin", "USER 65532:65532", "ENTRYPOINT []"} {
		if !strings.Contains(df, want) {
			t.Errorf("missing %q", want)
		}
	}
	if !strings.Contains(strings.Join(plan.Reasons, "\n"), "Python 3.11: distroless") {
		t.Errorf("reasons %v", plan.Reasons)
	}
}

func TestPythonRefusals(t *testing.T) {
	tfs := templates.FS()
	pinned := pythonFixture(t, "pip")
	pinned.LanguageVersion = "3.12"
	for _, tc := range []struct {
		name    string
		project detect.Project
		o       Options
		want    string
	}{
		{"distroless needs 3.11", projectWith(t, map[string]string{".python-version": "3.12\n", "main.py": pyMain, "requirements.txt": "requests\n"}), Options{Runtime: "distroless"}, "Python 3.11 only"},
		{"--version 3.12 on distroless", pythonFixture(t, "pip"), Options{Runtime: "distroless", Version: "3.12"}, "Python 3.11 only"},
		{"unsupported version", pythonFixture(t, "pip"), Options{Version: "3.8"}, "not a supported version"},
		{"no ASGI server", projectWith(t, map[string]string{"requirements.txt": "fastapi\n", "main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}), Options{}, "add uvicorn"},
		{"index-url with poetry", pythonFixture(t, "poetry"), Options{Secrets: []string{"index-url"}}, "--secret netrc"},
		{"unknown secret", pythonFixture(t, "pip"), Options{Secrets: []string{"npmrc"}}, "--secret npmrc"},
		{"no entry point", projectWith(t, map[string]string{"requirements.txt": "requests\n", "lib.py": "def f():\n    pass\n"}), Options{}, "no entry point"},
		{"bad entrypoint", pythonFixture(t, "pip"), Options{Entrypoint: "app:api; rm -rf /"}, "--entrypoint"},
		{"server-less override", projectWith(t, map[string]string{"requirements.txt": "requests\n", "main.py": pyMain}), Options{Entrypoint: "main:app"}, "needs a server"},
	} {
		_, _, err := Generate(tc.project, tc.o, tfs)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: want an input error with %q, got %v", tc.name, tc.want, err)
		}
	}
}

func projectWith(t *testing.T, files map[string]string) detect.Project {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, c := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(c)}
	}
	r, err := detect.Scan(fsys)
	if err != nil || len(r.Projects) != 1 {
		t.Fatalf("scan: %v %+v", err, r.Projects)
	}
	return r.Projects[0]
}

// TestPythonExamplesUpToDate keeps the examples' checked-in Dockerfile and
// .dockerignore equal to what `stagecraft generate` writes for them.
func TestPythonExamplesUpToDate(t *testing.T) {
	dirs, _ := filepath.Glob("../examples/python-*")
	if len(dirs) < 4 {
		t.Fatalf("want the four Python examples, found %v", dirs)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			r, err := detect.Scan(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Projects) != 1 || r.Projects[0].Stack != "python" {
				t.Fatalf("projects %+v", r.Projects)
			}
			_, files, err := Generate(r.Projects[0], Options{Syntax: DefaultSyntax}, templates.FS())
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				checkGolden(t, filepath.Join(dir, filepath.FromSlash(f.Path)), f.Content)
			}
		})
	}
}

func TestPythonEntrypointOverride(t *testing.T) {
	p := pythonFixture(t, "pip")
	for in, want := range map[string]string{
		"app.py":           `CMD ["python","app.py"]`,
		"app:api":          `CMD ["gunicorn","--bind","0.0.0.0:8000","app:api"]`,
		"-m app":           `CMD ["python","-m","app"]`,
		"worker":           `CMD ["python","-m","worker"]`,
		"app:create_app()": `CMD ["gunicorn","--bind","0.0.0.0:8000","app:create_app()"]`,
	} {
		_, files, err := Generate(p, Options{Entrypoint: in}, templates.FS())
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !strings.Contains(string(files[0].Content), want+"\n") {
			t.Errorf("%s: want %s in\n%s", in, want, files[0].Content)
		}
	}
}

func TestPythonIncludeIsNeverIgnored(t *testing.T) {
	_, files, err := Generate(pythonFixture(t, "pip"), Options{Include: []string{"./tests/fixtures"}}, templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files[1].Content), "\n!tests/fixtures\n") {
		t.Errorf("--include must be re-included after the tests pattern:\n%s", files[1].Content)
	}
}
