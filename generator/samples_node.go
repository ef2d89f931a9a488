package generator

func init() { samples["node"] = nodeSamples }

// nodeSamples cover every package manager, each kind of app (server,
// compiled TypeScript, static site on nginx, Next.js standalone and
// `next start`, Nuxt, SvelteKit, Astro's node server, an npm start
// script, an app without dependencies), native addons with a prepare script, a workspace app with a
// built library, a registry secret and both syntax modes.
func nodeSamples() []Sample {
	express := "const express = require('express')\nconst app = express()\napp.listen(process.env.PORT || 3000)\n"
	return []Sample{
		scannedSample("npm-express", map[string]string{
			"package.json":      `{"name": "api", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.1.0"}}`,
			"package-lock.json": "{}",
			".nvmrc":            "22\n",
			"server.js":         express,
		}, Options{Syntax: DefaultSyntax, Secrets: []string{"npmrc"}}),
		// No dependencies and no build: a build stage with a syntax check.
		scannedSample("npm-no-deps", map[string]string{
			"package.json":      `{"name": "api", "scripts": {"start": "node server.js"}}`,
			"package-lock.json": "{}",
			".nvmrc":            "22\n",
			"server.js":         "require('node:http').createServer().listen(process.env.PORT || 3000)\n",
		}, Options{Syntax: ""}),
		scannedSample("pnpm-typescript", map[string]string{
			"package.json":   `{"name": "api", "type": "module", "main": "dist/index.js", "packageManager": "pnpm@9.15.9", "scripts": {"build": "tsc", "start": "node dist/index.js"}, "dependencies": {"fastify": "^5.0.0"}, "devDependencies": {"typescript": "^5.9.3"}}`,
			"pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
			".nvmrc":         "22\n",
			"src/index.ts":   "await app.listen({ port: Number(process.env.PORT ?? 8080), host: '0.0.0.0' })\n",
		}, Options{Syntax: ""}),
		scannedSample("yarn-classic", map[string]string{
			"package.json": `{"name": "api", "scripts": {"start": "node index.js"}, "dependencies": {"koa": "^2.15.0"}}`,
			"yarn.lock":    "# yarn lockfile v1\n",
			".nvmrc":       "22\n",
			"index.js":     "new Koa().listen(3000)\n",
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("yarn-berry", map[string]string{
			"package.json": `{"name": "api", "packageManager": "yarn@4.18.1", "scripts": {"start": "node index.js"}, "dependencies": {"koa": "^2.15.0"}}`,
			"yarn.lock":    "__metadata:\n  version: 8\n",
			".yarnrc.yml":  "nodeLinker: node-modules\n",
			".nvmrc":       "22\n",
			"index.js":     "new Koa().listen(3000)\n",
		}, Options{Syntax: DefaultSyntax, Secrets: []string{"yarnrc"}}),
		scannedSample("bun", map[string]string{
			"package.json": `{"name": "api", "module": "index.ts", "packageManager": "bun@1.3.0", "dependencies": {"hono": "^4.0.0"}}`,
			"bun.lock":     "{}\n",
			"index.ts":     "export default { port: 3000, fetch: app.fetch }\n",
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("vite-spa", map[string]string{
			"package.json":      `{"name": "spa", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^6.0.0"}}`,
			"package-lock.json": "{}",
			".nvmrc":            "22\n",
			"index.html":        "<div id=app></div>",
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("astro-static", map[string]string{
			"package.json":      `{"name": "site", "scripts": {"build": "astro build"}, "dependencies": {"astro": "^5.0.0"}}`,
			"package-lock.json": "{}",
		}, Options{Syntax: ""}),
		scannedSample("next-standalone", map[string]string{
			"package.json":       `{"name": "web", "scripts": {"build": "next build"}, "dependencies": {"next": "^15.5.0"}}`,
			"package-lock.json":  "{}",
			"next.config.mjs":    "export default { output: 'standalone' }\n",
			"public/favicon.ico": "x",
			".nvmrc":             "22\n",
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("next-start", map[string]string{
			"package.json":      `{"name": "web", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "^15.5.0"}}`,
			"package-lock.json": "{}",
			"next.config.ts":    "export default {}\n",
			".nvmrc":            "22\n",
		}, Options{Syntax: ""}),
		scannedSample("nuxt", map[string]string{
			"package.json":   `{"name": "shop", "packageManager": "pnpm@9.15.9", "scripts": {"build": "nuxt build"}, "dependencies": {"nuxt": "^3.13.0"}}`,
			"pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
			".nvmrc":         "22\n",
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("sveltekit-node", map[string]string{
			"package.json":      `{"name": "kit", "type": "module", "scripts": {"build": "vite build"}, "dependencies": {"marked": "^14.0.0"}, "devDependencies": {"@sveltejs/kit": "^2.0.0", "@sveltejs/adapter-node": "^5.0.0"}}`,
			"package-lock.json": "{}",
			".nvmrc":            "22\n",
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("astro-node", map[string]string{
			"package.json":      `{"name": "site", "scripts": {"build": "astro build"}, "dependencies": {"astro": "^5.0.0", "@astrojs/node": "^9.0.0"}}`,
			"package-lock.json": "{}",
			".nvmrc":            "22\n",
			"astro.config.mjs":  "export default { adapter: node({ mode: 'standalone' }) }\n",
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("npm-start-script", map[string]string{
			"package.json":      `{"name": "app", "scripts": {"start": "npm run migrate && node lib/server.js"}, "dependencies": {"express": "^5.1.0"}}`,
			"package-lock.json": "{}",
			".nvmrc":            "22\n",
			"lib/server.js":     express,
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("native-prepare", map[string]string{
			"package.json":      `{"name": "auth", "scripts": {"start": "node server.js", "prepare": "husky"}, "dependencies": {"bcrypt": "^5.1.1", "express": "^5.1.0"}, "devDependencies": {"husky": "^9.1.7"}}`,
			"package-lock.json": "{}",
			".nvmrc":            "22\n",
			"server.js":         express,
		}, Options{Syntax: DefaultSyntax}),
		scannedSample("npm-workspace", map[string]string{
			"package.json":              `{"name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"]}`,
			"package-lock.json":         "{}",
			".nvmrc":                    "22\n",
			"apps/api/package.json":     `{"name": "@mono/api", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.1.0", "@mono/lib": "*"}}`,
			"apps/api/server.js":        express,
			"packages/lib/package.json": `{"name": "@mono/lib", "main": "dist/index.js", "scripts": {"build": "tsc"}}`,
		}, Options{Syntax: DefaultSyntax}),
	}
}
