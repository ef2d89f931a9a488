package generator

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/templates"
)

func nodeFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, content := range files {
		m[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return m
}

// nodeProject scans a fixture and returns the project at path.
func nodeProject(t *testing.T, files map[string]string, at string) detect.Project {
	t.Helper()
	r, err := detect.Scan(nodeFS(files))
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	for _, p := range r.Projects {
		if p.Path == at {
			return p
		}
	}
	t.Fatalf("no project at %s: %+v", at, r.Projects)
	return detect.Project{}
}

const serverJS = `const express = require('express');
const app = express();
app.get('/', (req, res) => res.send('ok'));
app.listen(process.env.PORT || 3000);
`

// Fixtures: one server per package manager, then one of each kind of app.
var nodeFixtures = map[string]map[string]string{
	"npm": {
		"package.json":      `{"name": "api", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.0.0"}}`,
		"package-lock.json": `{"lockfileVersion": 3}`,
		".nvmrc":            "22\n",
		"server.js":         serverJS,
	},
	"pnpm": {
		"package.json":   `{"name": "api", "type": "module", "main": "dist/index.js", "packageManager": "pnpm@9.12.0", "scripts": {"build": "tsc", "start": "node dist/index.js"}, "dependencies": {"fastify": "^5.0.0"}, "devDependencies": {"typescript": "^5.6.0"}}`,
		"pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
		".nvmrc":         "22\n",
		"tsconfig.json":  `{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}`,
		"src/index.ts":   "import Fastify from 'fastify'\nawait Fastify().listen({ port: Number(process.env.PORT ?? 8080), host: '0.0.0.0' })\n",
	},
	"yarn": {
		"package.json": `{"name": "api", "scripts": {"start": "node index.js"}, "dependencies": {"koa": "^2.15.0"}}`,
		"yarn.lock":    "# yarn lockfile v1\n",
		".nvmrc":       "22\n",
		"index.js":     "const Koa = require('koa');\nnew Koa().listen(3000);\n",
	},
	"berry": {
		"package.json": `{"name": "api", "packageManager": "yarn@4.5.0", "scripts": {"start": "node index.js"}, "dependencies": {"koa": "^2.15.0"}}`,
		"yarn.lock":    "__metadata:\n  version: 8\n",
		".yarnrc.yml":  "nodeLinker: node-modules\n",
		".nvmrc":       "22\n",
		"index.js":     "const Koa = require('koa');\nnew Koa().listen(3000);\n",
	},
	"bun": {
		"package.json": `{"name": "api", "module": "index.ts", "packageManager": "bun@1.1.38", "dependencies": {"hono": "^4.0.0"}}`,
		"bun.lock":     "{}\n",
		"index.ts":     "import { Hono } from 'hono'\nconst app = new Hono()\nexport default { port: 3000, fetch: app.fetch }\n",
	},
}

var nodeKindFixtures = map[string]struct {
	files map[string]string
	at    string
	opts  Options
}{
	// No dependencies, no build: the build stage holds the sources and a
	// syntax check of the entry file; distroless keeps it.
	"no-deps-distroless": {files: map[string]string{
		"package.json":      `{"name": "api", "scripts": {"start": "node src/server.mjs"}}`,
		"package-lock.json": "{}",
		".nvmrc":            "22",
		"src/server.mjs":    "import http from 'node:http'\nhttp.createServer().listen(8080)\n",
	}, at: ".", opts: Options{Runtime: "distroless"}},
	"vite-spa-nginx": {files: map[string]string{
		"package.json":      `{"name": "spa", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^6.0.0"}}`,
		"package-lock.json": "{}",
		".nvmrc":            "22",
		"index.html":        "<div id=app></div>",
	}, at: "."},
	"astro-static-pnpm": {files: map[string]string{
		"package.json":   `{"name": "site", "packageManager": "pnpm@9.12.0", "scripts": {"build": "astro build"}, "dependencies": {"astro": "^4.0.0"}}`,
		"pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
	}, at: "."},
	"next-standalone": {files: map[string]string{
		"package.json":       `{"name": "web", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "15.5.0", "react": "19.0.0", "react-dom": "19.0.0"}}`,
		"package-lock.json":  "{}",
		"next.config.mjs":    "export default { output: 'standalone' }\n",
		"public/favicon.ico": "x",
		".nvmrc":             "22",
	}, at: "."},
	"next-standalone-distroless": {files: map[string]string{
		"package.json":      `{"name": "web", "scripts": {"build": "next build"}, "dependencies": {"next": "15.5.0"}}`,
		"package-lock.json": "{}",
		"next.config.js":    "module.exports = { output: 'standalone' }\n",
		".nvmrc":            "22",
	}, at: ".", opts: Options{Runtime: "distroless"}},
	"next-start": {files: map[string]string{
		"package.json":      `{"name": "web", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "15.5.0"}}`,
		"package-lock.json": "{}",
		"next.config.ts":    "export default {}\n",
		"public/robots.txt": "x",
		".nvmrc":            "22",
	}, at: "."},
	"nuxt": {files: map[string]string{
		"package.json":   `{"name": "shop", "packageManager": "pnpm@9.12.0", "scripts": {"build": "nuxt build"}, "dependencies": {"nuxt": "^3.13.0"}}`,
		"pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
	}, at: "."},
	"sveltekit-node": {files: map[string]string{
		"package.json":      `{"name": "kit", "type": "module", "scripts": {"build": "vite build"}, "dependencies": {"marked": "^14.0.0"}, "devDependencies": {"@sveltejs/kit": "^2.0.0", "@sveltejs/adapter-node": "^5.0.0", "vite": "^5.0.0"}}`,
		"package-lock.json": "{}",
	}, at: "."},
	"astro-node": {files: map[string]string{
		"package.json":      `{"name": "site", "scripts": {"build": "astro build"}, "dependencies": {"astro": "^4.0.0", "@astrojs/node": "^8.0.0"}}`,
		"package-lock.json": "{}",
		"astro.config.mjs":  "import node from '@astrojs/node'\nexport default { output: 'server', adapter: node({ mode: 'standalone' }) }\n",
	}, at: "."},
	"express-vite-client": {files: map[string]string{
		"package.json":      `{"name": "full", "scripts": {"build": "vite build", "start": "cross-env TZ=UTC node server.js"}, "dependencies": {"express": "^5.0.0", "cross-env": "^7.0.0"}, "devDependencies": {"vite": "^6.0.0"}}`,
		"package-lock.json": "{}",
		"server.js":         serverJS,
		"index.html":        "<div></div>",
	}, at: "."},
	"npm-start-script": {files: map[string]string{
		"package.json":      `{"name": "app", "scripts": {"start": "npm run migrate && node lib/server.js", "migrate": "node lib/migrate.js"}, "dependencies": {"express": "^5.0.0"}}`,
		"package-lock.json": "{}",
		"lib/server.js":     serverJS,
	}, at: "."},
	"native-alpine-prepare": {files: map[string]string{
		"package.json":      `{"name": "auth", "scripts": {"start": "node server.js", "prepare": "husky"}, "dependencies": {"bcrypt": "^5.1.0", "express": "^5.0.0"}, "devDependencies": {"husky": "^9.0.0"}}`,
		"package-lock.json": "{}",
		"server.js":         serverJS,
	}, at: ".", opts: Options{Runtime: "alpine"}},
	"native-slim": {files: map[string]string{
		"package.json":      `{"name": "auth", "scripts": {"start": "node server.js"}, "dependencies": {"bcrypt": "^5.1.0", "express": "^5.0.0"}}`,
		"package-lock.json": "{}",
		"server.js":         serverJS,
	}, at: "."},
	"npm-secret-no-syntax": {files: map[string]string{
		"package.json":      `{"name": "api", "scripts": {"build": "tsc", "start": "node dist/server.js"}, "dependencies": {"@acme/private": "^1.0.0"}, "devDependencies": {"typescript": "^5.0.0"}}`,
		"package-lock.json": "{}",
		"src/server.ts":     "require('http').createServer().listen(9000)\n",
	}, at: ".", opts: Options{Secrets: []string{"npmrc"}, Syntax: ""}},
	"no-lockfile": {files: map[string]string{
		"package.json": `{"name": "api", "scripts": {"start": "node index.js"}, "dependencies": {"express": "^5.0.0"}}`,
		"index.js":     serverJS,
	}, at: "."},
	"npm-workspace-api":  {files: npmWorkspace, at: "apps/api"},
	"npm-workspace-web":  {files: npmWorkspace, at: "apps/web"},
	"pnpm-workspace-api": {files: pnpmWorkspace, at: "apps/api"},
	"berry-yarnpath": {files: map[string]string{
		"package.json":                  `{"name": "api", "scripts": {"start": "node index.js"}, "dependencies": {"koa": "^2.15.0"}}`,
		"yarn.lock":                     "__metadata:\n  version: 6\n",
		".yarnrc.yml":                   "yarnPath: .yarn/releases/yarn-3.8.7.cjs\n",
		".yarn/releases/yarn-3.8.7.cjs": "//\n",
		"index.js":                      "const Koa = require('koa');\nnew Koa().listen(3000);\n",
	}, at: ".", opts: Options{Secrets: []string{"yarnrc"}}},
}

var npmWorkspace = map[string]string{
	"package.json":              `{"name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"], "devDependencies": {"typescript": "^5.0.0"}}`,
	"package-lock.json":         "{}",
	".nvmrc":                    "22",
	"apps/api/package.json":     `{"name": "@mono/api", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.0.0", "@mono/lib": "*"}}`,
	"apps/api/server.js":        serverJS,
	"apps/web/package.json":     `{"name": "@mono/web", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^6.0.0"}}`,
	"apps/web/index.html":       "<div></div>",
	"packages/lib/package.json": `{"name": "@mono/lib", "main": "dist/index.js", "scripts": {"build": "tsc"}}`,
	"packages/lib/src/index.ts": "export const x = 1\n",
}

var pnpmWorkspace = map[string]string{
	"package.json":              `{"name": "mono", "private": true, "packageManager": "pnpm@9.12.0"}`,
	"pnpm-workspace.yaml":       "packages:\n  - apps/*\n  - packages/*\n",
	"pnpm-lock.yaml":            "lockfileVersion: '9.0'\n",
	".nvmrc":                    "22",
	"apps/api/package.json":     `{"name": "api", "type": "module", "main": "dist/main.js", "scripts": {"build": "tsc", "start": "node dist/main.js"}, "dependencies": {"lib": "workspace:*", "hono": "^4.0.0"}}`,
	"apps/api/src/main.ts":      "serve({ fetch: app.fetch, port: 8787 })\n",
	"apps/api/tsconfig.json":    `{"compilerOptions": {"outDir": "dist"}}`,
	"packages/lib/package.json": `{"name": "lib", "main": "index.js"}`,
	"packages/lib/index.js":     "module.exports = 1\n",
}

// nodeGolden compares got with the file at path (a testdata/node golden or
// an example's checked-in file), or rewrites it with -update.
func nodeGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s is stale (go test ./generator -update rewrites it; review the diff):\n%s", path, diff.Diff(path, want, "rendered", got))
	}
}

func renderNode(t *testing.T, p detect.Project, o Options) (Plan, []File) {
	t.Helper()
	plan, files, err := Generate(p, o, templates.FS())
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return plan, files
}

// TestNodeGolden renders the template for every package manager on every
// runtime it supports, and for each kind of app; every output passes
// BuildKit's parser and all its lint rules (Generate validates).
func TestNodeGolden(t *testing.T) {
	for pm, files := range nodeFixtures {
		p := nodeProject(t, files, ".")
		for _, rt := range p.Runtimes {
			name := pm + "-" + rt
			t.Run(name, func(t *testing.T) {
				_, out := renderNode(t, p, Options{Runtime: rt, Syntax: DefaultSyntax})
				nodeGolden(t, filepath.Join("testdata", "node", name+".Dockerfile"), out[0].Content)
			})
		}
	}
	for name, fx := range nodeKindFixtures {
		t.Run(name, func(t *testing.T) {
			p := nodeProject(t, fx.files, fx.at)
			o := fx.opts
			if name != "npm-secret-no-syntax" {
				o.Syntax = DefaultSyntax
			}
			_, out := renderNode(t, p, o)
			nodeGolden(t, filepath.Join("testdata", "node", name+".Dockerfile"), out[0].Content)
			nodeGolden(t, filepath.Join("testdata", "node", name+".dockerignore"), out[1].Content)
		})
	}
}

var fromRe = regexp.MustCompile(`--from=([A-Za-z0-9_.-]+)`)

func TestNodeTemplateInvariants(t *testing.T) {
	check := func(t *testing.T, df string, o Options) {
		t.Helper()
		for _, bad := range []string{"ARG NPM_TOKEN", "COPY .npmrc", "npm start", "corepack", "latest"} {
			if strings.Contains(df, bad) {
				t.Errorf("rendered Dockerfile contains %q", bad)
			}
		}
		if o.Syntax == "" && strings.Contains(df, "--link") {
			t.Errorf("--link without a syntax line (the built-in frontend rejects it)")
		}
		// Every COPY --from names a stage of this file (an unknown name
		// would silently pull an image called "build").
		for _, m := range fromRe.FindAllStringSubmatch(df, -1) {
			if !strings.Contains(df, " AS "+m[1]+"\n") {
				t.Errorf("COPY --from=%s: no stage of that name", m[1])
			}
		}
		runtime := df[strings.LastIndex(df, "\nFROM "):]
		if strings.Contains(runtime, "npm ci") || strings.Contains(runtime, "install") {
			t.Errorf("the runtime stage installs something:\n%s", runtime)
		}
	}
	for pm, files := range nodeFixtures {
		p := nodeProject(t, files, ".")
		for _, rt := range p.Runtimes {
			for _, syntax := range []string{DefaultSyntax, ""} {
				o := Options{Runtime: rt, Syntax: syntax}
				_, out := renderNode(t, p, o)
				check(t, string(out[0].Content), o)
				_ = pm
			}
		}
	}
	for _, fx := range nodeKindFixtures {
		p := nodeProject(t, fx.files, fx.at)
		for _, syntax := range []string{DefaultSyntax, ""} {
			o := fx.opts
			o.Syntax = syntax
			_, out := renderNode(t, p, o)
			check(t, string(out[0].Content), o)
		}
	}
}

func TestNodePlanDecisions(t *testing.T) {
	// Static sites default to nginx (the only runtime that fits).
	p := nodeProject(t, nodeKindFixtures["vite-spa-nginx"].files, ".")
	plan, _ := renderNode(t, p, Options{Syntax: DefaultSyntax})
	if plan.Runtime != "nginx" || plan.Values["User"] != "101:101" || plan.Values["Port"] != 8080 {
		t.Errorf("runtime %s user %v port %v", plan.Runtime, plan.Values["User"], plan.Values["Port"])
	}
	// Servers default to slim with the node user.
	p = nodeProject(t, nodeFixtures["npm"], ".")
	plan, out := renderNode(t, p, Options{Syntax: DefaultSyntax})
	if plan.Runtime != "slim" || plan.Values["User"] != "1000:1000" {
		t.Errorf("runtime %s user %v", plan.Runtime, plan.Values["User"])
	}
	if !strings.Contains(string(out[0].Content), "FROM node:22-bookworm-slim AS runtime") {
		t.Errorf("want node:22-bookworm-slim:\n%s", out[0].Content)
	}
	// --port on an app that reads PORT sets ENV PORT to match.
	_, out = renderNode(t, p, Options{Port: 8081, Syntax: DefaultSyntax})
	if !strings.Contains(string(out[0].Content), `PORT="8081"`) || !strings.Contains(string(out[0].Content), "EXPOSE 8081") {
		t.Errorf("want ENV PORT and EXPOSE 8081:\n%s", out[0].Content)
	}
	// --entrypoint and --version.
	plan, out = renderNode(t, p, Options{Entrypoint: "bin/www", Version: "20.11.1", Syntax: DefaultSyntax})
	df := string(out[0].Content)
	if !strings.Contains(df, `CMD ["node","bin/www"]`) || !strings.Contains(df, "FROM node:20.11.1-bookworm-slim AS runtime") {
		t.Errorf("--entrypoint/--version not applied:\n%s", df)
	}
	// Distroless drops "node" from CMD (the image's entrypoint is node).
	_, out = renderNode(t, p, Options{Runtime: "distroless", Syntax: DefaultSyntax})
	if !strings.Contains(string(out[0].Content), `CMD ["server.js"]`) || !strings.Contains(string(out[0].Content), "gcr.io/distroless/nodejs22-debian12:nonroot") {
		t.Errorf("distroless:\n%s", out[0].Content)
	}
	// Node 26 has no distroless image; its Debian images are trixie.
	_, out = renderNode(t, p, Options{Version: "26", Syntax: DefaultSyntax})
	if !strings.Contains(string(out[0].Content), "FROM node:26-trixie-slim") {
		t.Errorf("node 26:\n%s", out[0].Content)
	}
	if _, _, err := Generate(p, Options{Version: "26", Runtime: "distroless"}, templates.FS()); err == nil || !strings.Contains(err.Error(), "nodejs26") {
		t.Errorf("want a refusal for distroless on Node 26, got %v", err)
	}
}

// The wizard hands the detected entry point back as --entrypoint (with a
// "./" in front); that must render exactly what detection renders.
func TestNodeDetectedEntrypointIsNoOverride(t *testing.T) {
	for _, name := range []string{"next-start", "npm-start-script", "vite-spa-nginx", "express-vite-client"} {
		fx := nodeKindFixtures[name]
		p := nodeProject(t, fx.files, fx.at)
		_, want := renderNode(t, p, Options{Syntax: DefaultSyntax})
		for _, e := range []string{p.Entrypoint, "./" + p.Entrypoint} {
			_, got := renderNode(t, p, Options{Syntax: DefaultSyntax, Entrypoint: e})
			if string(got[0].Content) != string(want[0].Content) {
				t.Errorf("%s: --entrypoint %q changed the Dockerfile:\n%s", name, e, got[0].Content)
			}
		}
	}
}

func TestNodeRefusals(t *testing.T) {
	var ie *InputError
	cases := []struct {
		name  string
		files map[string]string
		opts  Options
		want  string
	}{
		{"nginx for a server", nodeFixtures["npm"], Options{Runtime: "nginx"}, "not a static site"},
		{"slim for a static site", nodeKindFixtures["vite-spa-nginx"].files, Options{Runtime: "slim"}, "nginx serves"},
		{"distroless for npm start", nodeKindFixtures["npm-start-script"].files, Options{Runtime: "distroless"}, "distroless has no npm"},
		{"distroless for bun", nodeFixtures["bun"], Options{Runtime: "distroless"}, "bun"},
		{"netrc secret", nodeFixtures["npm"], Options{Secrets: []string{"netrc"}}, "npmrc"},
		{"npmrc secret on berry", nodeFixtures["berry"], Options{Secrets: []string{"npmrc"}}, "yarnrc"},
		{"remix", map[string]string{"package.json": `{"name": "r", "scripts": {"build": "remix vite:build", "start": "remix-serve ./build/server/index.js"}, "dependencies": {"@remix-run/node": "^2.0.0"}}`}, Options{}, "not supported yet"},
		{"sveltekit adapter-auto", map[string]string{"package.json": `{"name": "s", "scripts": {"build": "vite build"}, "devDependencies": {"@sveltejs/kit": "^2.0.0", "@sveltejs/adapter-auto": "^3.0.0"}}`}, Options{}, "adapter-node"},
		{"bad entrypoint", nodeFixtures["npm"], Options{Entrypoint: "../secret.js"}, "--entrypoint"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := nodeProject(t, tc.files, ".")
			_, _, err := Generate(p, tc.opts, templates.FS())
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want an input error mentioning %q, got %v", tc.want, err)
			}
		})
	}
}

// TestNodeExamples keeps the checked-in Dockerfile and .dockerignore of
// every examples/node-* app current, and their lockfiles free of registry
// URLs.
func TestNodeExamples(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "examples", "node-*"))
	if err != nil || len(dirs) < 4 {
		t.Fatalf("want the four Node examples, found %q (%v)", dirs, err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			r, err := detect.Scan(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Projects) != 1 || r.Projects[0].Stack != "node" {
				t.Fatalf("want one node project, got %+v", r.Projects)
			}
			p := r.Projects[0]
			if p.LanguageVersion != "20" {
				t.Errorf("examples declare Node 20 (the e2e stand-ins), got %s", p.LanguageVersion)
			}
			_, files, err := Generate(p, Options{Syntax: DefaultSyntax}, templates.FS())
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				nodeGolden(t, filepath.Join(dir, filepath.FromSlash(f.Path)), f.Content)
			}
			for _, lock := range []string{"package-lock.json", "pnpm-lock.yaml", "yarn.lock"} {
				dt, err := os.ReadFile(filepath.Join(dir, lock))
				if err != nil {
					continue
				}
				for _, bad := range []string{`"resolved"`, "resolved ", ".tgz", "tarball:"} {
					if strings.Contains(string(dt), bad) {
						t.Errorf("%s carries registry URLs (%s); regenerate it with npm install --package-lock-only --omit-lockfile-registry-resolved", lock, bad)
					}
				}
			}
		})
	}
}
