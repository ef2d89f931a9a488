package generator

import (
	"testing"

	"github.com/stagecraft/stagecraft/detect"
)

const injExpress = "const express = require('express')\nconst app = express()\napp.listen(process.env.PORT || 3000)\n"

// injNodeServer is an npm server with a lockfile; fields are JSON values.
func injNodeServer(pkgFields string, extra ...string) map[string]string {
	return with(map[string]string{
		"package.json":      `{` + pkgFields + `, "dependencies": {"express": "^5.1.0"}}`,
		"package-lock.json": "{}",
		".nvmrc":            "22\n",
		"server.js":         injExpress,
	}, extra...)
}

// injNodeWorkspace is a workspace with an app (its folder and name) that
// depends on a library with a build (its folder and name).
func injNodeWorkspace(pm, appDir, appName, libDir, libName string) map[string]string {
	root := map[string]string{
		"npm":   `{"name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"]}`,
		"pnpm":  `{"name": "mono", "private": true, "packageManager": "pnpm@9.15.9"}`,
		"yarn":  `{"name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"]}`,
		"berry": `{"name": "mono", "private": true, "packageManager": "yarn@4.5.0", "workspaces": ["apps/*", "packages/*"]}`,
		"bun":   `{"name": "mono", "private": true, "packageManager": "bun@1.3.0", "workspaces": ["apps/*", "packages/*"]}`,
	}[pm]
	files := map[string]string{
		"package.json":                         root,
		".nvmrc":                               "22\n",
		"apps/" + appDir + "/package.json":     `{"name": ` + jsonStr(appName) + `, "scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.1.0", ` + jsonStr(libName) + `: "*"}}`,
		"apps/" + appDir + "/server.js":        injExpress,
		"packages/" + libDir + "/package.json": `{"name": ` + jsonStr(libName) + `, "main": "dist/index.js", "scripts": {"build": "tsc"}}`,
	}
	switch pm {
	case "npm":
		files["package-lock.json"] = "{}"
	case "pnpm":
		files["pnpm-lock.yaml"] = "lockfileVersion: '9.0'\n"
		files["pnpm-workspace.yaml"] = "packages:\n  - apps/*\n  - packages/*\n"
	case "yarn":
		files["yarn.lock"] = "# yarn lockfile v1\n"
	case "berry":
		files["yarn.lock"] = "__metadata:\n  version: 8\n"
		files[".yarnrc.yml"] = "nodeLinker: node-modules\n"
	case "bun":
		files["bun.lock"] = "{}\n"
	}
	return files
}

func nodeInjectionCases() []injCase {
	server := injNodeServer(`"name": "api", "scripts": {"start": "node server.js"}`)
	static := map[string]string{
		"package.json":      `{"name": "spa", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "^6.0.0"}}`,
		"package-lock.json": "{}",
		".nvmrc":            "22\n",
		"index.html":        "<div id=app></div>",
	}
	berry := map[string]string{
		"package.json":                  `{"name": "api", "packageManager": "yarn@4.5.0", "scripts": {"start": "node index.js"}, "dependencies": {"koa": "^2.15.0"}}`,
		"yarn.lock":                     "__metadata:\n  version: 8\n",
		".yarnrc.yml":                   "nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-4.5.0.cjs\n",
		".yarn/releases/yarn-4.5.0.cjs": "x",
		".nvmrc":                        "22\n",
		"index.js":                      "new Koa().listen(3000)\n",
	}
	noScript := injNodeServer(`"name": "api"`)
	tsApp := func(outDir, main string) map[string]string {
		return map[string]string{
			"package.json":      `{"name": "api", "main": ` + jsonStr(main) + `, "scripts": {"build": "tsc"}, "dependencies": {"fastify": "^5.0.0"}, "devDependencies": {"typescript": "^5.6.0"}}`,
			"package-lock.json": "{}",
			".nvmrc":            "22\n",
			"tsconfig.json":     `{"compilerOptions": {"outDir": ` + jsonStr(outDir) + `, "rootDir": "src"}}`,
			"src/index.ts":      "await app.listen({ port: 8080 })\n",
		}
	}
	ws := func(pm string) map[string]string { return injNodeWorkspace(pm, "api", "@mono/api", "lib", "@mono/lib") }
	cases := []injCase{
		// Values read from the repository.
		{name: "package.json name", tree: func(v string) map[string]string {
			return injNodeServer(`"name": ` + jsonStr(v) + `, "scripts": {"start": "node server.js"}`)
		}},
		{name: "package.json main", tree: func(v string) map[string]string {
			return injNodeServer(`"name": "api", "main": `+jsonStr(v), v, injExpress)
		}},
		{name: "start script file", fallback: noScript, tree: func(v string) map[string]string {
			return injNodeServer(`"name": "api", "scripts": {"start": `+jsonStr("node "+v)+`}`, v, injExpress)
		}},
		{name: "start script", benign: "node server.js", hidden: true, freeCmd: true, fallback: noScript, tree: func(v string) map[string]string {
			return injNodeServer(`"name": "api", "scripts": {"start": ` + jsonStr(v) + `}`)
		}},
		{name: "start script quoted file", fallback: noScript, tree: func(v string) map[string]string {
			return injNodeServer(`"name": "api", "scripts": {"start": `+jsonStr(`node "`+v+`"`)+`}`, v, injExpress)
		}},
		{name: "start script env value", fallback: noScript, tree: func(v string) map[string]string {
			return injNodeServer(`"name": "api", "scripts": {"start": ` + jsonStr("APP_MODE="+v+" node server.js") + `}`)
		}},
		{name: "start script env name", fallback: noScript, tree: func(v string) map[string]string {
			return injNodeServer(`"name": "api", "scripts": {"start": ` + jsonStr(v+"=1 node server.js") + `}`)
		}},
		{name: "start script node option", freeCmd: true, fallback: noScript, tree: func(v string) map[string]string {
			return injNodeServer(`"name": "api", "scripts": {"start": ` + jsonStr("node -r "+v+" server.js") + `}`)
		}},
		{name: "engines.node", benign: ">=20", hidden: true, tree: func(v string) map[string]string {
			f := injNodeServer(`"name": "api", "engines": {"node": ` + jsonStr(v) + `}, "scripts": {"start": "node server.js"}`)
			delete(f, ".nvmrc")
			return f
		}},
		{name: ".nvmrc", benign: "20.11.1", tree: func(v string) map[string]string {
			return with(server, ".nvmrc", v)
		}},
		{name: ".node-version", benign: "20.11.1", tree: func(v string) map[string]string {
			f := with(server, ".node-version", v)
			delete(f, ".nvmrc")
			return f
		}},
		{name: ".tool-versions", benign: "20.11.1", tree: func(v string) map[string]string {
			f := with(server, ".tool-versions", "nodejs "+v+"\n")
			delete(f, ".nvmrc")
			return f
		}},
		{name: "packageManager version", benign: "9.15.9", tree: func(v string) map[string]string {
			f := injNodeServer(`"name": "api", "packageManager": `+jsonStr("pnpm@"+v)+`, "scripts": {"start": "node server.js"}`, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
			delete(f, "package-lock.json")
			return f
		}},
		{name: "yarnPath", fallback: with(berry, ".yarnrc.yml", "nodeLinker: node-modules\n"), benign: ".yarn/releases/yarn-zq7.cjs", tree: func(v string) map[string]string {
			return with(berry, ".yarnrc.yml", "nodeLinker: node-modules\nyarnPath: "+jsonStr(v)+"\n", v, "x")
		}},
		{name: "yarnPath workspace", benign: ".yarn/releases/yarn-zq7.cjs", at: func(string) string { return "apps/api" }, fallback: ws("berry"), tree: func(v string) map[string]string {
			return with(ws("berry"), ".yarnrc.yml", "nodeLinker: node-modules\nyarnPath: "+jsonStr(v)+"\n", v, "x")
		}},
		{name: "vite outDir", tree: func(v string) map[string]string {
			return with(static, "vite.config.js", "export default { build: { outDir: "+srcStr(v)+" } }\n")
		}},
		{name: "tsconfig outDir", tree: func(v string) map[string]string {
			return tsApp(v, v+"/index.js")
		}},
		{name: "dependency name", hidden: true, tree: func(v string) map[string]string {
			return injNodeServer(`"name": "api", "scripts": {"start": "node server.js"}, "devDependencies": {` + jsonStr(v) + `: "1"}`)
		}},
		{name: "project folder", hidden: true, at: func(v string) string { return "svc/" + v }, tree: func(v string) map[string]string {
			out := map[string]string{}
			for k, body := range server {
				out["svc/"+v+"/"+k] = body
			}
			return out
		}},
	}
	for _, pm := range []string{"npm", "pnpm", "yarn", "berry", "bun"} {
		pm := pm
		cases = append(cases,
			injCase{name: pm + " workspace app folder", at: func(v string) string { return "apps/" + v }, tree: func(v string) map[string]string {
				return injNodeWorkspace(pm, v, "@mono/api", "lib", "@mono/lib")
			}},
			injCase{name: pm + " workspace app name", at: func(string) string { return "apps/api" }, tree: func(v string) map[string]string {
				return injNodeWorkspace(pm, "api", v, "lib", "@mono/lib")
			}},
			injCase{name: pm + " workspace lib folder", at: func(string) string { return "apps/api" }, tree: func(v string) map[string]string {
				return injNodeWorkspace(pm, "api", "@mono/api", v, "@mono/lib")
			}},
			injCase{name: pm + " workspace lib name", hidden: pm != "yarn", at: func(string) string { return "apps/api" }, tree: func(v string) map[string]string {
				return injNodeWorkspace(pm, "api", "@mono/api", "lib", v)
			}},
		)
	}

	// Fields of a detected project, set directly: whatever detection may
	// hand over in the future.
	node := func(edit func(n *detect.NodeInfo, v string)) func(p *detect.Project, v string) {
		return func(p *detect.Project, v string) { edit(p.Node, v) }
	}
	cases = append(cases,
		injCase{name: "set Name", base: server, set: node(func(n *detect.NodeInfo, v string) { n.Name = v })},
		injCase{name: "set Command file", base: server, freeCmd: true, set: node(func(n *detect.NodeInfo, v string) { n.Command = []string{"node", v} })},
		injCase{name: "set Command program", base: server, set: node(func(n *detect.NodeInfo, v string) { n.Command = []string{v, "server.js"} })},
		injCase{name: "set CommandEnv value", base: server, set: node(func(n *detect.NodeInfo, v string) { n.CommandEnv = []detect.EnvVar{{Name: "MODE", Value: v}} })},
		injCase{name: "set CommandEnv name", base: server, set: node(func(n *detect.NodeInfo, v string) { n.CommandEnv = []detect.EnvVar{{Name: v, Value: "1"}} })},
		injCase{name: "set HostEnv", base: server, set: node(func(n *detect.NodeInfo, v string) { n.HostEnv = v })},
		injCase{name: "set Outputs", base: server, set: node(func(n *detect.NodeInfo, v string) { n.Build, n.Outputs = "build", []string{v} })},
		injCase{name: "set Build", base: server, set: node(func(n *detect.NodeInfo, v string) { n.Build = v })},
		injCase{name: "set RuntimeExtras", base: server, set: node(func(n *detect.NodeInfo, v string) { n.CopySources, n.RuntimeExtras = false, []string{v} })},
		injCase{name: "set StaticDir", base: static, set: node(func(n *detect.NodeInfo, v string) { n.StaticDir = v })},
		injCase{name: "set Lockfile", base: server, set: node(func(n *detect.NodeInfo, v string) { n.Lockfile = v })},
		injCase{name: "set PackageManagerVersion", base: server, benign: "10.9.2", set: node(func(n *detect.NodeInfo, v string) { n.PackageManagerVersion = v })},
		injCase{name: "set YarnPath", base: berry, set: node(func(n *detect.NodeInfo, v string) { n.YarnPath = v })},
		injCase{name: "set YarnPath workspace", base: ws("berry"), set: node(func(n *detect.NodeInfo, v string) { n.YarnPath = v })},
		injCase{name: "set NativeAddons", base: server, hidden: true, set: node(func(n *detect.NodeInfo, v string) { n.NativeAddons = []string{v} })},
		injCase{name: "set Workspace.Dir", base: ws("npm"), set: node(func(n *detect.NodeInfo, v string) { n.Workspace.Dir = v })},
		injCase{name: "set Workspace.Manifests", base: ws("pnpm"), set: node(func(n *detect.NodeInfo, v string) { n.Workspace.Manifests = append(n.Workspace.Manifests, v) })},
		injCase{name: "set Member.Dir", base: ws("bun"), set: node(func(n *detect.NodeInfo, v string) {
			for i := range n.Workspace.Members {
				if n.Workspace.Members[i].Dir != n.Workspace.Dir {
					n.Workspace.Members[i].Dir = v
				}
			}
		})},
		injCase{name: "set Member.Name", base: ws("yarn"), set: node(func(n *detect.NodeInfo, v string) {
			for i := range n.Workspace.Members {
				n.Workspace.Members[i].Name = v
			}
		})},
		injCase{name: "set Member.Outputs", base: ws("npm"), set: node(func(n *detect.NodeInfo, v string) {
			for i := range n.Workspace.Members {
				if n.Workspace.Members[i].Dir != n.Workspace.Dir {
					n.Workspace.Members[i].Outputs = []string{v}
				}
			}
		})},
		injCase{name: "set LanguageVersion", base: server, benign: "20.11.1", set: func(p *detect.Project, v string) { p.LanguageVersion = v }},
		injCase{name: "set Path", base: server, hidden: true, set: func(p *detect.Project, v string) { p.Path, p.Context = v, v }},
		injCase{name: "set Entrypoint", base: server, hidden: true, set: func(p *detect.Project, v string) { p.Entrypoint = v }},
	)

	// Options.
	cases = append(cases, flagCases("flag", server, Options{Syntax: DefaultSyntax}, map[string]string{
		"--version": "20", "--entrypoint": "zq7.js", "--name": "zq7", "--label value": "zq7", "--label key": "zq7",
		"--secret": "npmrc", "--include": "zq7", "--runtime": "alpine", "--stack": "node", "--syntax": "docker/dockerfile:1",
		"--output": "zq7/Dockerfile", "--private": "example.com/zq7",
	})...)
	return cases
}

// Every value that reaches the Node template is refused or renders the
// Dockerfile structure of a harmless value.
func TestNodeInjection(t *testing.T) { testCases(t, nodeInjectionCases()) }

func FuzzNodeValues(f *testing.F) { fuzzCases(f, nodeInjectionCases()) }
