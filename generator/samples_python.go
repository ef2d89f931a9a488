package generator

func init() { samples["python"] = pythonSamples }

// pythonSamples cover each dependency manager, the three runtimes (the
// trees allow Python 3.11, so distroless is offered), both syntax modes,
// a build secret and a Django collectstatic step.
func pythonSamples() []Sample {
	return []Sample{
		scannedSample("pip-flask", map[string]string{
			"requirements.txt": "flask==3.1.3\ngunicorn==27.0.1\n",
			"app.py":           "from flask import Flask\napi = Flask(__name__)\n",
			".python-version":  "3.11\n",
		}, Options{Syntax: DefaultSyntax, Secrets: []string{"pip"}}),
		scannedSample("uv-fastapi", map[string]string{
			"pyproject.toml":           "[project]\nname = \"acme-service\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n",
			"uv.lock":                  "version = 1\n\n[[package]]\nname = \"acme-service\"\nversion = \"1.0\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"fastapi\" }, { name = \"uvicorn\" }]\n\n[[package]]\nname = \"fastapi\"\nversion = \"0.163.2\"\n\n[[package]]\nname = \"uvicorn\"\nversion = \"0.54.0\"\n",
			"src/acme_api/__init__.py": "",
			"src/acme_api/main.py":     "from fastapi import FastAPI\napp = FastAPI()\n",
		}, Options{Syntax: ""}),
		scannedSample("poetry-django", map[string]string{
			"pyproject.toml":     "[project]\nname = \"mysite\"\nversion = \"1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\"django (>=6.1,<6.2)\", \"gunicorn (>=27)\"]\n\n[tool.poetry]\npackage-mode = false\n",
			"poetry.lock":        "[[package]]\nname = \"django\"\nversion = \"6.1.3\"\ngroups = [\"main\"]\nfiles = []\n\n[[package]]\nname = \"gunicorn\"\nversion = \"27.0.1\"\ngroups = [\"main\"]\nfiles = []\n",
			".python-version":    "3.11\n",
			"manage.py":          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
			"mysite/settings.py": "WSGI_APPLICATION = 'mysite.wsgi.application'\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n",
			"mysite/wsgi.py":     "application = get_wsgi_application()\n",
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("pdm-starlette", map[string]string{
			"pyproject.toml":  "[project]\nname = \"svc\"\nversion = \"1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\"starlette\", \"hypercorn\"]\n",
			"pdm.lock":        "[[package]]\nname = \"starlette\"\nversion = \"1.10.0\"\ngroups = [\"default\"]\n\n[[package]]\nname = \"hypercorn\"\nversion = \"0.18.0\"\ngroups = [\"default\"]\n",
			".python-version": "3.11\n",
			"svc/__init__.py": "",
			"svc/asgi.py":     "from starlette.applications import Starlette\napp = Starlette()\n",
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("pipenv-flask", map[string]string{
			"Pipfile":      "[packages]\nflask = \"*\"\nwaitress = \"*\"\n\n[requires]\npython_version = \"3.11\"\n",
			"Pipfile.lock": `{"_meta": {}, "default": {"flask": {"version": "==3.1.3"}, "waitress": {"version": "==3.0.2"}}, "develop": {}}`,
			"web.py":       "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
		}, Options{Syntax: ""}),
		scannedSample("stdlib", map[string]string{
			"pyproject.toml": "[project]\nname = \"hello\"\nversion = \"1.0\"\nrequires-python = \">=3.11,<3.12\"\n",
			"main.py":        "from http.server import HTTPServer\nif __name__ == '__main__':\n    HTTPServer(('', 8000), None).serve_forever()\n",
		}, Options{Syntax: DefaultSyntax}),
	}
}
