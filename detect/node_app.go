package detect

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Frameworks that decide how the app is built and run, checked first.
var metaFrameworks = []string{"next", "nuxt", "@sveltejs/kit", "@remix-run/dev", "@remix-run/node", "@remix-run/serve", "@react-router/dev", "astro"}

// Server libraries: the app is a Node server.
var serverFrameworks = []string{"@nestjs/core", "express", "fastify", "koa", "hono", "@hapi/hapi", "restify", "polka", "h3"}

var frameworkNames = map[string]string{
	"next": "next", "nuxt": "nuxt", "@sveltejs/kit": "sveltekit", "@remix-run/dev": "remix",
	"@remix-run/node": "remix", "@remix-run/serve": "remix", "@react-router/dev": "react-router",
	"astro": "astro", "@nestjs/core": "nestjs", "express": "express", "fastify": "fastify",
	"koa": "koa", "hono": "hono", "@hapi/hapi": "hapi", "restify": "restify", "polka": "polka", "h3": "h3",
	"gatsby": "gatsby", "@angular/core": "angular", "@docusaurus/core": "docusaurus",
	"vite": "vite", "react-scripts": "create-react-app", "@vue/cli-service": "vue-cli", "parcel": "parcel",
}

// Static site tools: with a build script and no server, the app is static.
var staticTools = []struct{ dep, out string }{
	{"gatsby", "public"}, {"@docusaurus/core", "build"}, {"@angular/core", ""},
	{"react-scripts", "build"}, {"@vue/cli-service", "dist"}, {"vite", "dist"}, {"parcel", "dist"},
}

// Dependencies that compile native code when installed.
var nativeAddons = map[string]bool{
	"bcrypt": true, "sharp": true, "better-sqlite3": true, "sqlite3": true, "canvas": true, "argon2": true,
	"node-sass": true, "bufferutil": true, "utf-8-validate": true, "cpu-features": true, "re2": true,
	"leveldown": true, "@tensorflow/tfjs-node": true, "libxmljs": true, "libxmljs2": true, "isolated-vm": true,
	"node-pty": true, "zeromq": true, "deasync": true, "microtime": true, "farmhash": true, "kerberos": true,
	"oracledb": true, "ibm_db": true, "odbc": true, "usb": true, "serialport": true, "@serialport/bindings-cpp": true,
}

// Programs in a start script that mean "development", not "run the app".
var devTools = map[string]bool{
	"nodemon": true, "vite": true, "webpack": true, "webpack-dev-server": true, "react-scripts": true,
	"vue-cli-service": true, "ng": true, "parcel": true, "serve": true, "http-server": true, "live-server": true,
	"browser-sync": true, "tailwindcss": true, "postcss": true, "sass": true, "husky": true, "echo": true,
	"gatsby": true, "docusaurus": true, "concurrently": true, "npm-run-all": true, "run-p": true, "run-s": true,
	"ts-node-dev": true, "lite-server": true, "eleventy": true, "storybook": true, "start-storybook": true,
}

// notAppError is a package.json with nothing to run: a library.
type notAppError struct{ me *ManifestError }

func (e *notAppError) Error() string { return e.me.Error() }
func (e *notAppError) Unwrap() error { return e.me }

// detectNodeApp analyses one package: version, package manager, kind of
// app, entry point, port. root holds the lockfile (the workspace root, or dir).
func detectNodeApp(s *scan, dir, root string, pj *packageJSON, ws *nodeWS) (Project, error) {
	p := Project{Path: dir, Stack: "node", Context: dir}
	info := &NodeInfo{Name: pj.Name}
	p.Node = info
	p.addEvidence("stack", pj.file, 0, "package.json")
	rootPJ := pj
	if ws != nil {
		p.Context = ws.info.Root
		info.Workspace = ws.info
		rootPJ = ws.rootPJ
	}
	pm := detectPackageManager(s, root, rootPJ, &p)
	info.PackageManagerVersion = pm.version
	info.YarnBerry = pm.berry
	if pm.lockfile != "" {
		info.Lockfile = rel(p.Context, pm.lockfile)
	}
	if pm.yarnPath != "" {
		info.YarnPath = pm.yarnPath
	}
	dirs := []string{dir}
	if root != dir {
		dirs = append(dirs, root)
	}
	detectNodeVersion(s, dirs, pj, rootPJ, &p)
	if ws != nil {
		ws.info.Manifests = workspaceManifests(s, root, info)
	}

	info.RuntimeDeps = len(pj.Dependencies) > 0 || ws != nil
	for _, d := range stringKeys(pj.Dependencies) {
		if nativeAddons[d] {
			info.NativeAddons = append(info.NativeAddons, d)
			p.addEvidence("native_addons", pj.file, pj.line("dependencies."+d), d+" compiles native code on install")
		}
	}
	if _, ok := pj.script("prepare"); ok {
		info.PrepareScript = true
	}
	if _, ok := rootPJ.script("prepare"); ok {
		info.PrepareScript = true
	}
	if _, ok := pj.dep("husky"); ok {
		info.Husky = true
	}
	if _, ok := rootPJ.dep("husky"); ok {
		info.Husky = true
	}

	if err := classifyNode(s, &p, pj, pm); err != nil {
		return p, err
	}
	nodeRuntimes(&p)
	if p.Port == nil && info.Kind != "unsupported" {
		if !exposedPort(s, &p) {
			p.warn("port unknown: no listen(...) or PORT fallback found in %s; pass --port", describeEntry(info))
		}
	}
	return p, nil
}

func describeEntry(info *NodeInfo) string {
	if len(info.Command) > 0 {
		return strings.Join(info.Command, " ")
	}
	return "the entry point"
}

func workspaceManifests(s *scan, root string, info *NodeInfo) []string {
	out := []string{"package.json"}
	if info.Lockfile != "" {
		out = append(out, info.Lockfile)
	}
	for _, f := range []string{"pnpm-workspace.yaml", ".yarnrc.yml"} {
		if s.ix.has(join(root, f)) {
			out = append(out, f)
		}
	}
	if info.YarnPath != "" && s.ix.has(join(root, info.YarnPath)) {
		out = append(out, info.YarnPath)
	}
	return out
}

// classifyNode decides the kind of app: a meta-framework first, then a
// server (a server wins over SPA tooling: Express + `vite build` is a
// server), then a static site, else it is not an app.
func classifyNode(s *scan, p *Project, pj *packageJSON, pm pmInfo) error {
	info := p.Node
	if b, ok := pj.script("build"); ok {
		info.Build = "build"
		p.addEvidence("build", pj.file, pj.line("scripts.build"), "build script: "+b)
	}
	for _, dep := range metaFrameworks {
		if _, ok := pj.dep(dep); !ok {
			continue
		}
		name := frameworkNames[dep]
		p.Framework = name
		p.addEvidence("framework", pj.file, pj.depLine(dep), dep+" in "+depKind(pj, dep))
		switch name {
		case "next":
			return classifyNext(s, p, pj)
		case "nuxt":
			return classifyNuxt(s, p, pj)
		case "sveltekit":
			return classifySvelteKit(s, p, pj)
		case "astro":
			return classifyAstro(s, p, pj)
		case "remix", "react-router":
			// A custom server (server.js with @remix-run/express) is a
			// server with a build; the framework's own serve CLI is not
			// supported yet.
			if ok, err := classifyServer(s, p, pj, pm, true); ok || err != nil {
				if err == nil {
					addOutput(info, "build")
					info.CopySources = true
				}
				return err
			}
			return unsupported(p, fmt.Sprintf("%s is recognised but not supported yet: its server runs through %s-serve, which stagecraft does not template; make the start script run a custom server file (node server.js)", titleFramework(name), name))
		}
	}
	if ok, err := classifyServer(s, p, pj, pm, false); ok || err != nil {
		return err
	}
	for _, t := range staticTools {
		if _, ok := pj.dep(t.dep); !ok {
			continue
		}
		p.Framework = frameworkNames[t.dep]
		p.addEvidence("framework", pj.file, pj.depLine(t.dep), t.dep+" in "+depKind(pj, t.dep))
		if t.dep == "@angular/core" {
			return classifyAngular(s, p, pj)
		}
		out := t.out
		if t.dep == "vite" {
			out = viteOutDir(s, p)
		}
		return staticSite(p, pj, out, t.dep != "gatsby" && t.dep != "@docusaurus/core")
	}
	return &notAppError{&ManifestError{File: pj.file, Err: fmt.Errorf("nothing to run: no start script, no main, no server.js/index.js/app.js, no server or app framework; add a \"start\" script (e.g. \"node server.js\")")}}
}

func depKind(pj *packageJSON, dep string) string {
	k, _ := pj.dep(dep)
	return k
}

func titleFramework(name string) string {
	switch name {
	case "react-router":
		return "React Router (framework mode)"
	case "remix":
		return "Remix"
	}
	return name
}

func unsupported(p *Project, why string) error {
	p.Node.Kind = "unsupported"
	p.Node.Unsupported = why
	p.warn("%s", why)
	return nil
}

func addOutput(info *NodeInfo, out string) {
	for _, o := range info.Outputs {
		if o == out {
			return
		}
	}
	info.Outputs = append(info.Outputs, out)
}

// staticSite is a build that writes files nginx serves.
func staticSite(p *Project, pj *packageJSON, out string, spa bool) error {
	info := p.Node
	if info.Build == "" {
		return unsupported(p, fmt.Sprintf("%s builds a static site, but package.json has no build script; add \"build\"", p.Framework))
	}
	info.Kind = "static"
	info.StaticDir = out
	info.SPA = spa
	info.Outputs = []string{out}
	info.RuntimeDeps = false
	p.Entrypoint = out
	p.addEvidence("entrypoint", pj.file, pj.line("scripts.build"), fmt.Sprintf("static site: `%s run build` writes %s/, served by nginx", p.PackageManager, out))
	p.setPort(8080, pj.file, 0, "static site: the nginx runtime listens on 8080 (unprivileged)")
	return nil
}

// classifyServer finds the entry of a Node server. ok is false when the
// package has no server signal (and, with strict, when no entry file exists).
func classifyServer(s *scan, p *Project, pj *packageJSON, pm pmInfo, strict bool) (bool, error) {
	info := p.Node
	dir := p.Path
	fwDep := ""
	for _, dep := range serverFrameworks {
		if _, ok := pj.dep(dep); ok {
			fwDep = dep
			break
		}
	}
	bun := pm.name == "bun"
	program := "node"
	if bun {
		program = "bun"
	}
	type candidate struct {
		args   []string
		env    []EnvVar
		file   string // the script file, relative to dir
		source string // package.json key or file that named it
		line   int
	}
	var cands []candidate
	var startScript, startName string
	for _, name := range []string{"start:prod", "start"} {
		script, ok := pj.script(name)
		if !ok {
			continue
		}
		if startScript == "" && !isDevCommand(script) {
			startScript, startName = script, name
		}
		env, args, file, ok := parseStartScript(script, program)
		if !ok {
			continue
		}
		if dropped := dropEnvFile(&args); dropped != "" {
			p.warn("%s script loads %s with --env-file; the image does not carry .env files (they are secrets): pass the variables at run time", name, dropped)
		}
		cands = append(cands, candidate{args: args, env: env, file: file, source: "scripts." + name, line: pj.line("scripts." + name)})
	}
	if pj.Main != "" {
		if m := cleanRel(pj.Main); m != "" {
			cands = append(cands, candidate{args: []string{program, m}, file: m, source: "main", line: pj.line("main")})
		}
	}
	if bun && pj.Module != "" {
		if m := cleanRel(pj.Module); m != "" {
			cands = append(cands, candidate{args: []string{program, m}, file: m, source: "module", line: pj.line("module")})
		}
	}
	conventional := []string{"server.js", "index.js", "app.js", "server.mjs", "index.mjs", "app.mjs"}
	if bun {
		conventional = append([]string{"index.ts", "src/index.ts", "server.ts", "src/server.ts"}, conventional...)
	}
	for _, f := range conventional {
		if s.ix.has(join(dir, f)) {
			cands = append(cands, candidate{args: []string{program, f}, file: f, source: f})
		}
	}

	hasSignal := fwDep != "" || startScript != "" || len(cands) > 0
	if !hasSignal {
		return false, nil
	}
	outDir, err := tsOutDir(s, dir)
	if err != nil {
		return false, err
	}
	// Warnings about missing files count only if this is a server after all.
	var pending []string
	flush := func() {
		for _, w := range pending {
			p.warn("%s", w)
		}
	}
	for _, c := range cands {
		file, built := resolveEntryFile(s, dir, c.file, info.Build != "", outDir)
		if file == "" {
			if c.source == "main" {
				pending = append(pending, fmt.Sprintf("main %q in %s does not exist%s; looking further", pj.Main, pj.file, map[bool]string{true: " and is not under a build output folder", false: " and there is no build script"}[info.Build != ""]))
			} else if strings.HasPrefix(c.source, "scripts.") {
				pending = append(pending, fmt.Sprintf("%s runs %s, which does not exist%s", c.source, c.file, map[bool]string{true: " and is not under a build output folder", false: " and there is no build script"}[info.Build != ""]))
			}
			continue
		}
		flush()
		info.Kind = "server"
		if fwDep != "" {
			p.Framework = frameworkNames[fwDep]
			p.addEvidence("framework", pj.file, pj.depLine(fwDep), fwDep+" in "+depKind(pj, fwDep))
		}
		info.Command = c.args
		if strings.HasPrefix(c.file, "-") {
			// node -x.js would read the file as an option.
			info.Command = slices.Clone(c.args)
			for i := 1; i < len(info.Command); i++ {
				if info.Command[i] == c.file {
					info.Command[i] = "./" + c.file
				}
			}
		}
		info.CommandEnv = c.env
		p.Entrypoint = c.file
		detail := "`" + strings.Join(c.args, " ") + "`"
		file0 := pj.file
		if !strings.HasPrefix(c.source, "scripts.") && c.source != "main" && c.source != "module" {
			file0 = join(dir, c.file)
			detail = c.file + " exists: " + detail
		} else {
			detail = c.source + ": " + detail
		}
		p.addEvidence("entrypoint", file0, c.line, detail)
		if built != "" {
			addOutput(info, built)
			p.addEvidence("build", pj.file, pj.line("scripts.build"), fmt.Sprintf("%s is written by the build into %s/", c.file, built))
		} else {
			info.CopySources = true
		}
		serverOutputs(s, p, pj)
		nodePort(s, p, pj, file)
		return true, nil
	}
	if strict {
		return false, nil
	}
	if startScript != "" {
		flush()
		info.Kind = "server"
		if fwDep != "" {
			p.Framework = frameworkNames[fwDep]
			p.addEvidence("framework", pj.file, pj.depLine(fwDep), fwDep+" in "+depKind(pj, fwDep))
		}
		info.Command = []string{"npm", "run", startName}
		if bun {
			info.Command = []string{"bun", "run", startName}
		}
		info.CopySources = true
		p.Entrypoint = "npm run " + startName
		p.addEvidence("entrypoint", pj.file, pj.line("scripts."+startName), fmt.Sprintf("scripts.%s %q is not a plain `node file`: it runs through %s (signals reach the script runner first)", startName, startScript, info.Command[0]))
		p.warn("the %s script (%q) is not a plain `node file.js`: the image runs `%s`; make it `node <file>` so signals reach your process directly", startName, startScript, strings.Join(info.Command, " "))
		serverOutputs(s, p, pj)
		nodePort(s, p, pj, "")
		return true, nil
	}
	if fwDep != "" {
		flush()
		return true, &notAppError{&ManifestError{File: pj.file, Line: pj.depLine(fwDep), Err: fmt.Errorf("%s is a dependency, but there is no start script, main or server.js/index.js/app.js to run; add \"start\": \"node <file>\"", fwDep)}}
	}
	return false, nil
}

// resolveEntryFile returns the entry file as it exists (or will exist after
// the build) and, for a built file, the output folder it lives in.
func resolveEntryFile(s *scan, dir, file string, hasBuild bool, tsOut string) (string, string) {
	if file == "" {
		return "", ""
	}
	for _, f := range []string{file, file + ".js", file + "/index.js", file + ".mjs", file + ".cjs"} {
		if s.ix.has(join(dir, f)) {
			return f, ""
		}
	}
	if !hasBuild {
		return "", ""
	}
	top, _, _ := strings.Cut(file, "/")
	if tsOut != "" && (top == tsOut || strings.HasPrefix(file, tsOut+"/")) {
		return file, tsOut
	}
	switch top {
	case "dist", "build", "out", "lib", "output", ".output":
		return file, top
	}
	return "", ""
}

// serverOutputs adds client bundles a server serves (Express + vite build)
// and the folders a compiled server reads at run time.
func serverOutputs(s *scan, p *Project, pj *packageJSON) {
	info := p.Node
	if info.Build == "" {
		return
	}
	if _, ok := pj.dep("vite"); ok {
		addOutput(info, viteOutDir(s, p))
	}
	if !info.CopySources {
		for _, d := range []string{"public", "views", "templates", "static"} {
			if len(s.ix.under(join(p.Path, d))) > 0 {
				info.RuntimeExtras = append(info.RuntimeExtras, d)
			}
		}
		return
	}
	if len(info.Outputs) == 0 {
		b, _ := pj.script("build")
		p.warn("the build script (%q) writes files stagecraft cannot name; the image gets the sources only: add its output folder with --include", b)
	}
}

var (
	viteOutDirRe = regexp.MustCompile(`\boutDir\s*:\s*['"]([^'"]+)['"]`)
	nextOutputRe = regexp.MustCompile(`\boutput\s*:\s*['"](standalone|export)['"]`)
	astroModeRe  = regexp.MustCompile(`\bmode\s*:\s*['"](standalone|middleware)['"]`)
	nitroPreset  = regexp.MustCompile(`\bpreset\s*:\s*['"]([a-z0-9_-]+)['"]`)
	svelteStatic = regexp.MustCompile(`\bpages\s*:\s*['"]([^'"]+)['"]`)
)

// findInConfig returns the first match of re in the first config file that
// exists, with its file and line.
func findInConfig(s *scan, dir string, names []string, re *regexp.Regexp) (string, []string, int, bool) {
	for _, n := range names {
		file := join(dir, n)
		if !s.ix.has(file) {
			continue
		}
		src, ok := s.ix.readSource(file)
		if !ok {
			continue
		}
		clean := stripJSComments(string(src))
		loc := re.FindStringSubmatchIndex(clean)
		if loc == nil {
			return file, nil, 0, false
		}
		m := re.FindStringSubmatch(clean)
		return file, m, strings.Count(clean[:loc[0]], "\n") + 1, true
	}
	return "", nil, 0, false
}

func configNames(base string) []string {
	var out []string
	for _, ext := range []string{"js", "mjs", "cjs", "ts", "mts", "cts"} {
		out = append(out, base+"."+ext)
	}
	return out
}

func viteOutDir(s *scan, p *Project) string {
	if file, m, line, ok := findInConfig(s, p.Path, configNames("vite.config"), viteOutDirRe); ok {
		if out := cleanRel(m[1]); out != "" {
			p.addEvidence("build", file, line, "build.outDir "+m[1])
			return out
		}
	}
	return "dist"
}

func classifyNext(s *scan, p *Project, pj *packageJSON) error {
	info := p.Node
	file, m, line, ok := findInConfig(s, p.Path, configNames("next.config"), nextOutputRe)
	output := ""
	if ok {
		output = m[1]
		p.addEvidence("framework", file, line, "output: '"+output+"'")
	}
	if info.Build == "" {
		return unsupported(p, "Next.js app without a build script; add \"build\": \"next build\"")
	}
	switch output {
	case "export":
		return staticSite(p, pj, "out", false)
	case "standalone":
		info.Kind = "next-standalone"
		info.Command = []string{"node", "server.js"}
		info.Outputs = []string{".next/standalone", ".next/static"}
		info.RuntimeDeps = false
		p.Entrypoint = "server.js"
		p.addEvidence("entrypoint", file, line, "output: 'standalone': .next/standalone/server.js")
	default:
		info.Kind = "next"
		info.Command = []string{"node", "node_modules/next/dist/bin/next", "start"}
		info.Outputs = []string{".next"}
		info.RuntimeDeps = true
		p.Entrypoint = "next start"
		where := pj.file
		if file != "" {
			where = file
		}
		p.addEvidence("entrypoint", where, 0, "no output: 'standalone': `next start` with production dependencies")
		for _, n := range configNames("next.config") {
			if s.ix.has(join(p.Path, n)) {
				info.RuntimeExtras = append(info.RuntimeExtras, n)
			}
		}
	}
	if len(s.ix.under(join(p.Path, "public"))) > 0 {
		info.RuntimeExtras = append(info.RuntimeExtras, "public")
	}
	info.ReadsPortEnv = true
	info.HostEnv = "HOSTNAME"
	p.setPort(3000, pj.file, pj.depLine("next"), "Next.js listens on PORT, default 3000")
	return nil
}

func classifyNuxt(s *scan, p *Project, pj *packageJSON) error {
	info := p.Node
	if file, m, line, ok := findInConfig(s, p.Path, configNames("nuxt.config"), nitroPreset); ok && m[1] != "node-server" && m[1] != "node" {
		p.addEvidence("framework", file, line, "nitro preset "+m[1])
		return unsupported(p, fmt.Sprintf("Nuxt with the %q nitro preset builds for a hosting platform, not a Node server; use the node-server preset", m[1]))
	}
	if info.Build == "" {
		return unsupported(p, "Nuxt app without a build script; add \"build\": \"nuxt build\"")
	}
	info.Kind = "nuxt"
	info.Command = []string{"node", ".output/server/index.mjs"}
	info.Outputs = []string{".output"}
	info.RuntimeDeps = false
	info.ReadsPortEnv = true
	p.Entrypoint = ".output/server/index.mjs"
	p.addEvidence("entrypoint", pj.file, pj.line("scripts.build"), "nuxt build writes a self-contained server to .output/server/index.mjs")
	p.setPort(3000, pj.file, pj.depLine("nuxt"), "Nuxt (nitro) listens on PORT, default 3000")
	return nil
}

func classifySvelteKit(s *scan, p *Project, pj *packageJSON) error {
	info := p.Node
	if info.Build == "" {
		return unsupported(p, "SvelteKit app without a build script; add \"build\": \"vite build\"")
	}
	switch {
	case hasDep(pj, "@sveltejs/adapter-node"):
		p.addEvidence("framework", pj.file, pj.depLine("@sveltejs/adapter-node"), "@sveltejs/adapter-node: a Node server in build/")
		info.Kind = "sveltekit"
		info.Command = []string{"node", "build"}
		info.Outputs = []string{"build"}
		info.RuntimeDeps = len(pj.Dependencies) > 0
		info.ReadsPortEnv = true
		p.Entrypoint = "build"
		p.addEvidence("entrypoint", pj.file, pj.line("scripts.build"), "adapter-node writes build/index.js: `node build`")
		p.setPort(3000, pj.file, pj.depLine("@sveltejs/kit"), "SvelteKit adapter-node listens on PORT, default 3000")
		return nil
	case hasDep(pj, "@sveltejs/adapter-static"):
		out := "build"
		if file, m, line, ok := findInConfig(s, p.Path, []string{"svelte.config.js", "svelte.config.mjs", "svelte.config.ts"}, svelteStatic); ok {
			if o := cleanRel(m[1]); o != "" {
				out = o
				p.addEvidence("build", file, line, "adapter-static pages: "+m[1])
			}
		}
		p.addEvidence("framework", pj.file, pj.depLine("@sveltejs/adapter-static"), "@sveltejs/adapter-static: a static site")
		return staticSite(p, pj, out, true)
	}
	adapter, _ := pj.depPrefix("@sveltejs/adapter-")
	if adapter == "" {
		adapter = "no adapter"
	}
	return unsupported(p, fmt.Sprintf("SvelteKit with %s builds for a hosting platform, not a container; install @sveltejs/adapter-node (or adapter-static) and use it in svelte.config.js", adapter))
}

func classifyAstro(s *scan, p *Project, pj *packageJSON) error {
	info := p.Node
	if info.Build == "" {
		return unsupported(p, "Astro site without a build script; add \"build\": \"astro build\"")
	}
	if hasDep(pj, "@astrojs/node") {
		file, m, line, ok := findInConfig(s, p.Path, configNames("astro.config"), astroModeRe)
		if !ok || m[1] != "standalone" {
			if ok {
				p.addEvidence("framework", file, line, "@astrojs/node mode: '"+m[1]+"'")
			}
			return unsupported(p, "Astro with @astrojs/node in middleware mode needs your own server around it; set mode: 'standalone' in astro.config to run it as a server")
		}
		p.addEvidence("framework", file, line, "@astrojs/node mode: 'standalone'")
		info.Kind = "astro-node"
		info.Command = []string{"node", "dist/server/entry.mjs"}
		info.Outputs = []string{"dist"}
		info.RuntimeDeps = len(pj.Dependencies) > 0
		info.ReadsPortEnv = true
		info.HostEnv = "HOST"
		p.Entrypoint = "dist/server/entry.mjs"
		p.addEvidence("entrypoint", file, line, "standalone server: dist/server/entry.mjs")
		p.setPort(4321, pj.file, pj.depLine("astro"), "Astro's node server listens on PORT, default 4321")
		return nil
	}
	for _, a := range []string{"@astrojs/vercel", "@astrojs/netlify", "@astrojs/cloudflare", "@astrojs/deno"} {
		if hasDep(pj, a) {
			return unsupported(p, fmt.Sprintf("Astro with %s builds for a hosting platform, not a container; use @astrojs/node (mode: 'standalone') or a static build", a))
		}
	}
	return staticSite(p, pj, "dist", false)
}

func classifyAngular(s *scan, p *Project, pj *packageJSON) error {
	if hasDep(pj, "@angular/ssr") || hasDep(pj, "@nguniversal/express-engine") {
		return unsupported(p, "Angular with server-side rendering (@angular/ssr) is recognised but not supported yet; build it as a static site (remove SSR) or write the Dockerfile by hand")
	}
	out, file, line, err := angularOutput(s, p.Path)
	if err != nil {
		return err
	}
	if out == "" {
		return unsupported(p, "Angular app whose output folder stagecraft cannot read from angular.json; set projects.<name>.architect.build.options.outputPath")
	}
	p.addEvidence("build", file, line, "outputPath: "+out)
	return staticSite(p, pj, out, true)
}

// angularOutput reads the default project's build output from angular.json;
// the application builder (Angular 17+) writes the site to <outputPath>/browser.
// A value of the wrong type where stagecraft reads is a ManifestError.
func angularOutput(s *scan, dir string) (string, string, int, error) {
	file := join(dir, "angular.json")
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return "", file, 0, nil
	}
	var cfg struct {
		DefaultProject string `json:"defaultProject"`
		Projects       map[string]struct {
			ProjectType string `json:"projectType"`
			Architect   struct {
				Build struct {
					Builder string `json:"builder"`
					Options struct {
						OutputPath json.RawMessage `json:"outputPath"`
					} `json:"options"`
				} `json:"build"`
			} `json:"architect"`
		} `json:"projects"`
	}
	if dt = stripJSONC(dt); !json.Valid(dt) {
		return "", file, 0, nil
	}
	if err := decodeJSON(file, dt, &cfg); err != nil {
		return "", file, 0, err
	}
	names := sortedKeysAny(cfg.Projects)
	name := cfg.DefaultProject
	if _, ok := cfg.Projects[name]; !ok {
		name = ""
		for _, n := range names {
			if cfg.Projects[n].ProjectType == "application" {
				name = n
				break
			}
		}
	}
	if name == "" {
		return "", file, 0, nil
	}
	b := cfg.Projects[name].Architect.Build
	app := strings.HasSuffix(b.Builder, ":application")
	var out string
	var obj struct {
		Base    string  `json:"base"`
		Browser *string `json:"browser"`
	}
	switch {
	case json.Unmarshal(b.Options.OutputPath, &out) == nil:
		if app {
			out = path.Join(out, "browser")
		}
	case json.Unmarshal(b.Options.OutputPath, &obj) == nil && obj.Base != "":
		out = obj.Base
		if obj.Browser == nil {
			out = path.Join(out, "browser")
		} else if *obj.Browser != "" {
			out = path.Join(out, *obj.Browser)
		}
	default:
		out = "dist/" + name
		if app {
			out += "/browser"
		}
	}
	lines := jsonKeyLines(dt)
	return cleanRel(out), file, lines["projects."+name], nil
}

func sortedKeysAny[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func hasDep(pj *packageJSON, name string) bool {
	_, ok := pj.dep(name)
	return ok
}

// tsOutDir reads compilerOptions.outDir from tsconfig.json ("" if none).
// A tsconfig.json that is not JSON (with comments) is left to tsc, with a
// warning; an outDir that is not a string is a ManifestError.
func tsOutDir(s *scan, dir string) (string, error) {
	file := join(dir, "tsconfig.json")
	if !s.ix.has(file) {
		return "", nil
	}
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return "", nil
	}
	var cfg struct {
		CompilerOptions struct {
			OutDir string `json:"outDir"`
		} `json:"compilerOptions"`
	}
	if dt = stripJSONC(dt); !json.Valid(dt) {
		s.ix.warn("%s: not valid JSON; its compilerOptions.outDir is not read", file)
		return "", nil
	}
	if err := decodeJSON(file, dt, &cfg); err != nil {
		return "", err
	}
	out := cleanRel(cfg.CompilerOptions.OutDir)
	if strings.Contains(out, "/") {
		out, _, _ = strings.Cut(out, "/")
	}
	return out, nil
}

// isDevCommand reports scripts that start a development or static server,
// watch files or only print: not how an app runs in production.
func isDevCommand(script string) bool {
	_, args, ok := splitCommand(script)
	if !ok || len(args) == 0 {
		return strings.Contains(script, "--watch") || strings.Contains(script, "nodemon")
	}
	prog := path.Base(args[0])
	if devTools[prog] {
		return true
	}
	for _, a := range args[1:] {
		if a == "--watch" || a == "watch" || a == "dev" || a == "develop" || a == "serve" && prog != "node" {
			return true
		}
	}
	return false
}

var envAssign = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// splitCommand splits a simple script into leading VAR=value assignments
// and words. ok is false when the script uses the shell (&&, |, ;, $, …).
func splitCommand(script string) ([]EnvVar, []string, bool) {
	words, ok := shellWords(script)
	if !ok {
		return nil, nil, false
	}
	var env []EnvVar
	for len(words) > 0 {
		w := words[0]
		if w == "cross-env" || w == "env" {
			words = words[1:]
			continue
		}
		if envAssign.MatchString(w) {
			k, v, _ := strings.Cut(w, "=")
			env = append(env, EnvVar{Name: k, Value: v})
			words = words[1:]
			continue
		}
		break
	}
	return env, words, true
}

// shellWords splits on blanks with '…' and "…" quoting; anything that
// needs a shell (operators, expansions, globs) makes ok false.
func shellWords(s string) ([]string, bool) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, false
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return nil, false
			}
			inner := s[i+1 : i+1+j]
			if strings.ContainsAny(inner, "$`\\") {
				return nil, false
			}
			cur.WriteString(inner)
			i += j + 1
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case strings.IndexByte("&|;<>$`()*?[]{}\\!#~\n\r", c) >= 0:
			return nil, false
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, true
}

// Node flags that take the next word as their value.
var nodeValueFlags = map[string]bool{
	"-r": true, "--require": true, "--import": true, "--loader": true, "--experimental-loader": true,
	"--env-file": true, "--conditions": true, "-C": true, "--title": true,
}

// parseStartScript reads `[VAR=v …] node [flags] file [args]` (or bun
// [run] file). ok is false for anything else.
func parseStartScript(script, program string) ([]EnvVar, []string, string, bool) {
	env, words, ok := splitCommand(script)
	if !ok || len(words) < 2 || path.Base(words[0]) != program {
		return nil, nil, "", false
	}
	for _, e := range env {
		if e.Name == "NODE_ENV" && e.Value != "production" {
			return nil, nil, "", false
		}
	}
	args := []string{program}
	i := 1
	if program == "bun" && words[1] == "run" {
		i = 2
	}
	for ; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, "-") {
			break
		}
		if w == "--watch" || w == "--hot" || strings.HasPrefix(w, "--inspect") {
			return nil, nil, "", false
		}
		args = append(args, w)
		if nodeValueFlags[w] && i+1 < len(words) {
			i++
			args = append(args, words[i])
		}
	}
	if i >= len(words) {
		return nil, nil, "", false
	}
	file := cleanRel(words[i])
	if file == "" {
		if words[i] == "." {
			return nil, nil, "", false // `node .` is main; found through main
		}
		return nil, nil, "", false
	}
	args = append(args, file)
	args = append(args, words[i+1:]...)
	var kept []EnvVar
	for _, e := range env {
		if e.Name != "NODE_ENV" {
			kept = append(kept, e)
		}
	}
	return kept, args, file, true
}

// dropEnvFile removes --env-file flags (the image has no .env files) and
// returns what they named.
func dropEnvFile(args *[]string) string {
	var out []string
	var dropped []string
	a := *args
	for i := 0; i < len(a); i++ {
		switch {
		case a[i] == "--env-file" && i+1 < len(a):
			dropped = append(dropped, a[i+1])
			i++
		case strings.HasPrefix(a[i], "--env-file="):
			dropped = append(dropped, strings.TrimPrefix(a[i], "--env-file="))
		default:
			out = append(out, a[i])
		}
	}
	*args = out
	return strings.Join(dropped, ", ")
}

// nodeRuntimes lists the runtimes the app can use, and why not the others.
func nodeRuntimes(p *Project) {
	info := p.Node
	switch info.Kind {
	case "unsupported":
		p.Runtimes = []string{}
		for _, rt := range []string{"slim", "distroless", "alpine", "nginx"} {
			p.RuntimesExcluded = append(p.RuntimesExcluded, ExcludedRuntime{rt, info.Unsupported})
		}
		return
	case "static":
		p.Runtimes = []string{"nginx"}
		why := "a static site: nginx serves the built files; there is no Node server to run"
		p.RuntimesExcluded = []ExcludedRuntime{{"slim", why}, {"distroless", why}, {"alpine", why}}
		return
	}
	notStatic := ExcludedRuntime{"nginx", "not a static site: the app runs a server"}
	p.Runtimes = []string{"slim", "alpine"}
	var ex []ExcludedRuntime
	line := LookupNodeLine(p.LanguageVersion)
	switch {
	case p.PackageManager == "bun":
		ex = append(ex, ExcludedRuntime{"distroless", "bun apps run on the oven/bun images; stagecraft has no distroless bun runtime"})
	case len(info.Command) > 0 && info.Command[0] == "npm":
		ex = append(ex, ExcludedRuntime{"distroless", "the app starts through `" + strings.Join(info.Command, " ") + "` and distroless has no npm; make the start script `node <file>`"})
	case !line.Distroless:
		ex = append(ex, ExcludedRuntime{"distroless", fmt.Sprintf("there is no gcr.io/distroless/nodejs%d-debian12 image", line.Major)})
	default:
		p.Runtimes = []string{"slim", "distroless", "alpine"}
	}
	p.RuntimesExcluded = append(ex, notStatic)
}

// Port patterns over JavaScript/TypeScript source.
var (
	portEnvFallbackRe = regexp.MustCompile(`(?:process\.env|Bun\.env)(?:\.PORT\b|\[\s*['"]PORT['"]\s*\])[^;\n]{0,60}?(?:\|\||\?\?)\s*\(?\s*['"]?(\d{2,5})\b`)
	portDestructureRe = regexp.MustCompile(`\{[^{}]*\bPORT\s*=\s*['"]?(\d{2,5})\b[^{}]*\}\s*=\s*process\.env`)
	listenLitRe       = regexp.MustCompile(`\.listen\(\s*(?:\{\s*port\s*:\s*)?['"]?(\d{2,5})\b`)
	portPropRe        = regexp.MustCompile(`\bport\s*:\s*['"]?(\d{2,5})\b`)
	portVarRe         = regexp.MustCompile(`(?i)\b(?:const|let|var)\s+port\s*=\s*['"]?(\d{2,5})\b`)
	readsPortEnvRe    = regexp.MustCompile(`(?:process\.env|Bun\.env)(?:\.PORT\b|\[\s*['"]PORT['"]\s*\])|\{[^{}]*\bPORT\b[^{}]*\}\s*=\s*process\.env`)
)

var portPatterns = []struct {
	re   *regexp.Regexp
	what string
}{
	{portEnvFallbackRe, "fallback for process.env.PORT"},
	{portDestructureRe, "default for PORT from process.env"},
	{listenLitRe, "listen on a literal port"},
	{portPropRe, "port option"},
	{portVarRe, "port variable"},
}

// nodePort looks for the port in the entry's source, then in the
// project's other sources; a server that reads PORT gets ENV PORT.
func nodePort(s *scan, p *Project, pj *packageJSON, entry string) {
	info := p.Node
	files := sourceCandidates(s, p, entry)
	for _, f := range files {
		src, ok := s.ix.readSource(f)
		if !ok {
			continue
		}
		clean := stripJSComments(string(src))
		if readsPortEnvRe.MatchString(clean) {
			info.ReadsPortEnv = true
		}
		for _, pat := range portPatterns {
			loc := pat.re.FindStringSubmatchIndex(clean)
			if loc == nil {
				continue
			}
			port, ok := validPort(clean[loc[2]:loc[3]])
			if !ok {
				continue
			}
			line := strings.Count(clean[:loc[0]], "\n") + 1
			snippet := strings.TrimSpace(firstLine(clean[loc[0]:loc[1]]))
			p.setPort(port, f, line, fmt.Sprintf("%s: %s", pat.what, snippet))
			return
		}
	}
	if p.PackageManager == "bun" {
		info.ReadsPortEnv = true
		p.setPort(3000, pj.file, 0, "Bun.serve listens on PORT, default 3000")
	}
}

// sourceCandidates lists the files to search for the port: the entry
// (or the TypeScript source it is compiled from), then other sources.
func sourceCandidates(s *scan, p *Project, entry string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(f string) {
		full := join(p.Path, f)
		if !seen[full] && s.ix.has(full) {
			seen[full] = true
			out = append(out, full)
		}
	}
	if entry != "" {
		add(entry)
		// dist/index.js ← src/index.ts, index.ts
		trimmed := entry
		if i := strings.IndexByte(entry, '/'); i >= 0 {
			trimmed = entry[i+1:]
		}
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(trimmed, ".js"), ".mjs"), ".cjs")
		for _, d := range []string{"src/", ""} {
			for _, ext := range []string{".ts", ".mts", ".cts", ".js", ".mjs"} {
				add(d + base + ext)
			}
		}
	}
	var rest []string
	for _, f := range s.ix.under(p.Path) {
		r := rel(p.Path, f.path)
		if !isScriptFile(r) || isFixtureDir(path.Dir(r)) || strings.Contains(r, ".config.") || strings.Contains(r, ".test.") || strings.Contains(r, ".spec.") {
			continue
		}
		top, _, _ := strings.Cut(r, "/")
		if top == "dist" || top == "build" || top == "out" || top == "coverage" || top == "public" || top == "test" || top == "tests" || top == "__tests__" {
			continue
		}
		rest = append(rest, r)
	}
	for i, r := range rest {
		if i >= 200 {
			break
		}
		add(r)
	}
	return out
}

func isScriptFile(p string) bool {
	switch path.Ext(p) {
	case ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts":
		return true
	}
	return false
}

// stripJSComments blanks // and /* */ comments (keeping line numbers) so a
// commented-out listen(8080) is not taken for the port. Strings are kept.
func stripJSComments(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	var quote byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		if quote != 0 {
			b.WriteByte(c)
			if c == '\\' && i+1 < len(src) {
				i++
				b.WriteByte(src[i])
			} else if c == quote || (c == '\n' && quote != '`') {
				quote = 0
			}
			continue
		}
		switch {
		case c == '"' || c == '\'' || c == '`':
			quote = c
			b.WriteByte(c)
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			if i < len(src) {
				b.WriteByte('\n')
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i += 2
			for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
				if src[i] == '\n' {
					b.WriteByte('\n')
				}
				i++
			}
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
