package generator

import (
	"bytes"
	"encoding/json"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/internal/dockerfile"
	"github.com/stagecraft/stagecraft/templates"
)

// Secret files a repository may hold. None may reach a build context.
var secretFiles = []string{
	".env", ".env.production", "src/.env.local", "id_rsa", "id_ed25519.pub", ".npmrc", ".netrc", ".pypirc",
	"secrets/db.pem", "config/tls.key", ".aws/credentials", "deploy/.ssh/id_ecdsa", ".docker/config.json",
	"certs/client.p12", "certs/server.pfx", "infra/prod.tfvars", "infra/terraform.tfstate",
}

// secretsCase is a repository of one stack, and the files its build needs
// besides what the Dockerfile names itself.
type secretsCase struct {
	name  string
	files map[string]string
	needs []string
	opts  Options
}

func secretsCases() []secretsCase {
	goMain := "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	boot := injBootPom("demo", "0.0.1-SNAPSHOT", "", "")
	return []secretsCase{
		{name: "go", files: map[string]string{
			"go.mod": "module example.com/shop\n\ngo 1.23\n", "go.sum": "", "cmd/server/main.go": goMain,
			"internal/store/store.go": "package store\n", "templates/index.html": "<p>",
		}, needs: []string{"go.mod", "go.sum", "cmd/server/main.go", "internal/store/store.go"}},
		{name: "node", files: map[string]string{
			"package.json":      `{"name": "api", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.1.0"}}`,
			"package-lock.json": "{}", ".nvmrc": "22\n", "server.js": injExpress, "src/routes.js": "module.exports = {}\n",
			"public/index.html": "<p>",
		}, needs: []string{"package.json", "package-lock.json", "server.js", "src/routes.js", "public/index.html"}},
		{name: "node-pnpm-build", files: map[string]string{
			"package.json":   `{"name": "api", "main": "dist/index.js", "packageManager": "pnpm@9.15.9", "scripts": {"build": "tsc", "start": "node dist/index.js"}, "dependencies": {"fastify": "^5.0.0"}, "devDependencies": {"typescript": "^5.6.0"}}`,
			"pnpm-lock.yaml": "lockfileVersion: '9.0'\n", ".nvmrc": "22\n", "tsconfig.json": `{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}`,
			"src/index.ts": "await app.listen({ port: 8080 })\n",
		}, needs: []string{"package.json", "pnpm-lock.yaml", "tsconfig.json", "src/index.ts"}},
		{name: "python-uv", files: map[string]string{
			"pyproject.toml":      "[project]\nname = \"svc\"\nversion = \"1.0\"\nrequires-python = \">=3.11\"\ndependencies = [\"fastapi\", \"uvicorn\"]\n",
			"uv.lock":             "version = 1\n\n[[package]]\nname = \"svc\"\nversion = \"1.0\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"fastapi\" }, { name = \"uvicorn\" }]\n\n[[package]]\nname = \"fastapi\"\nversion = \"0.163.2\"\n\n[[package]]\nname = \"uvicorn\"\nversion = \"0.54.0\"\n",
			"src/svc/__init__.py": "", "src/svc/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
			"src/svc/templates/page.html": "<p>",
		}, needs: []string{"pyproject.toml", "uv.lock", "src/svc/__init__.py", "src/svc/main.py", "src/svc/templates/page.html"}},
		{name: "python-pip", files: map[string]string{
			"requirements.txt": "flask==3.1.3\ngunicorn==27.0.1\n", "requirements/base.txt": "flask\n", "app.py": injFlask,
			".python-version": "3.11\n", "static/site.css": "p{}",
		}, needs: []string{"requirements.txt", "app.py", "static/site.css"}},
		{name: "java-maven", files: with(boot,
			"mvnw", "#!/bin/sh\n", ".mvn/wrapper/maven-wrapper.properties", "distributionUrl=https\\://example.invalid/apache-maven-3.9.9-bin.zip\n",
			".mvn/wrapper/maven-wrapper.jar", "PK",
		), needs: []string{"pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties", ".mvn/wrapper/maven-wrapper.jar", "src/main/java/com/example/demo/DemoApplication.java", "src/main/resources/application.properties"}},
		{name: "java-gradle", files: with(injGradle("hello", "app", "com.example.App", "1.0"),
			"gradlew", "#!/bin/sh\n", "gradle/wrapper/gradle-wrapper.jar", "PK",
			"gradle/wrapper/gradle-wrapper.properties", "distributionUrl=https\\://example.invalid/gradle-8.10.2-bin.zip\n",
			"gradle/libs.versions.toml", "[versions]\n", "gradle.properties", "org.gradle.caching=true\n",
		), needs: []string{"settings.gradle", "app/build.gradle", "gradlew", "gradle/wrapper/gradle-wrapper.jar", "gradle/wrapper/gradle-wrapper.properties", "gradle/libs.versions.toml", "gradle.properties", "app/src/main/java/com/example/App.java"}},
	}
}

// The .dockerignore of every stack keeps the secret files out of the
// build context, as BuildKit's own pattern matcher reads it, and keeps in
// everything the Dockerfile copies from the context and the build reads.
func TestSecretsNeverReachTheContext(t *testing.T) {
	for _, c := range secretsCases() {
		for _, variant := range []struct {
			name string
			opts Options
		}{
			{"default", Options{Syntax: DefaultSyntax}},
			// Re-including folders that hold secrets must not re-include them.
			{"include", Options{Syntax: DefaultSyntax, Include: []string{"config", "secrets", "certs"}}},
		} {
			t.Run(c.name+"/"+variant.name, func(t *testing.T) {
				tree := with(c.files)
				for _, s := range secretFiles {
					tree[s] = "SECRET"
				}
				fsys := fstest.MapFS{}
				for p, body := range tree {
					fsys[p] = &fstest.MapFile{Data: []byte(body)}
				}
				r, err := detect.Scan(fsys)
				if err != nil {
					t.Fatal(err)
				}
				p := r.Projects[0]
				_, files, err := Generate(p, variant.opts, templates.FS())
				if err != nil {
					t.Fatal(err)
				}
				sent := contextFiles(t, tree, files[1].Content)
				for _, s := range secretFiles {
					if sent[s] {
						t.Errorf("%s is sent in the build context:\n%s", s, files[1].Content)
					}
				}
				// A folder the Dockerfile copies by name (--include) arrives
				// without the secrets in it.
				var needed []string
				for _, f := range append(copiedFromContext(t, files[0].Content, tree), c.needs...) {
					if !slices.Contains(secretFiles, f) {
						needed = append(needed, f)
					}
				}
				for _, n := range needed {
					if !sent[n] {
						t.Errorf("%s is needed by the build but the .dockerignore leaves it out:\n%s", n, files[1].Content)
					}
				}
			})
		}
	}
}

// contextFiles is the set of tree files a build context would carry with
// this .dockerignore, decided the way BuildKit decides it.
func contextFiles(t *testing.T, tree map[string]string, ignore []byte) map[string]bool {
	t.Helper()
	patterns, err := ignorefile.ReadAll(bytes.NewReader(ignore))
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	sent := map[string]bool{}
	for p := range tree {
		excluded, err := pm.MatchesOrParentMatches(p)
		if err != nil {
			t.Fatal(err)
		}
		sent[p] = !excluded
	}
	return sent
}

// copiedFromContext lists the tree files the Dockerfile's COPY and ADD
// instructions take from the build context (not --from a stage): named
// files, everything under named folders, and for `COPY . .` nothing by
// name (the needs list says what the build reads).
func copiedFromContext(t *testing.T, df []byte, tree map[string]string) []string {
	t.Helper()
	parsed, err := dockerfile.Parse(df)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, st := range parsed.Stages {
		for _, cmd := range st.Commands {
			c, ok := cmd.(*instructions.CopyCommand)
			if !ok || c.From != "" {
				continue
			}
			for _, src := range c.SourcePaths {
				src = strings.TrimPrefix(path.Clean(src), "./")
				if src == "." {
					continue
				}
				for p := range tree {
					if ok, _ := path.Match(src, p); ok || p == src || strings.HasPrefix(p, src+"/") {
						out = append(out, p)
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// The secret list above is the one the issue names, and more; keep it in
// step with the ignore-common partial (every secret pattern is exercised).
func TestSecretFilesCoverTheCommonPatterns(t *testing.T) {
	dt, err := templates.FS().Open("partials/ignore.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	defer dt.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(dt); err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(b.String(), "# Secrets")
	rest, _, _ = strings.Cut(rest, "{{")
	var patterns []string
	for _, l := range strings.Split(rest, "\n")[1:] {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "**/") {
			patterns = append(patterns, l)
		}
	}
	for _, pat := range patterns {
		pm, err := patternmatcher.New([]string{pat})
		if err != nil {
			t.Fatal(err)
		}
		hit := false
		for _, s := range secretFiles {
			if ok, _ := pm.MatchesOrParentMatches(s); ok {
				hit = true
			}
		}
		if !hit {
			names, _ := json.Marshal(secretFiles)
			t.Errorf("pattern %s matches none of the secret files the test tries (%s); add one", pat, names)
		}
	}
}
