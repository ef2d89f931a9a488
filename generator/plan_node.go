package generator

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/stagecraft/stagecraft/detect"
)

// Pinned images for the Node template. Dependabot and Renovate can update
// the rendered FROM lines; change the defaults here.
const (
	nginxImage = "nginxinc/nginx-unprivileged:1.28-alpine"
	nginxUser  = "101:101" // the nginx user of the unprivileged image
	nodeUser   = "1000:1000"
	bunUser    = "1000:1000"
	nonroot    = "65532:65532"
)

func init() { planners["node"] = planNode }

// NodeValues are the Node template's own values (".Node" in the template).
type NodeValues struct {
	// PM is npm, pnpm, yarn (classic), berry (Yarn 2+) or bun.
	PM string
	// Bun is true when Bun runs the app (oven/bun images).
	Bun bool
	// Lockfile is true when the install is frozen to a lockfile.
	Lockfile bool
	// Setup installs the pinned package manager in the base stage
	// ("" = use the one in the image).
	Setup string
	// BuildImage runs the dependency and build stages; RuntimeImage the app.
	BuildImage   string
	RuntimeImage string
	// NativeTools installs a compiler in the alpine stages (native addons).
	NativeTools bool
	// ManifestCopies bring package.json, the lockfile and workspace
	// manifests in before the install.
	ManifestCopies []CopyStep
	// Cache is the package manager's cache folder, mounted on installs.
	Cache string
	// SecretTarget is where the registry credentials secret is mounted.
	SecretID, SecretTarget string
	// InstallEnv are variables set in the base stage for the installs.
	InstallEnv []detect.EnvVar
	// DepsStage is true when the runtime takes production node_modules
	// from a deps stage; InstallProd is its install command.
	DepsStage   bool
	InstallProd string
	// BuildStage is true when there is a build; InstallAll installs every
	// dependency for it and BuildCommand runs the build.
	BuildStage   bool
	InstallAll   string
	BuildCommand string
	BuildEnv     []detect.EnvVar
	// SourceStage is set when there is neither a dependency install nor a
	// build (a dependency-free app): a build stage takes the sources and,
	// when the command is `node <file>`, CheckCommand checks the file's
	// syntax so a typo fails the build rather than the container.
	SourceStage  bool
	CheckCommand string
	// Copies fill the runtime image, in order.
	Copies []NodeCopy
	// Workdir is where the command runs.
	Workdir string
	Env     []detect.EnvVar
	Cmd     []string
	// Nginx is set for static sites: the server config lines.
	Nginx     bool
	NginxConf []string
	// Ignore lists build outputs the .dockerignore excludes.
	Ignore []string
}

// NodeCopy is one COPY into the runtime image. From is a stage name, or
// "" for the build context.
type NodeCopy struct {
	From  string
	Src   string
	Dst   string
	Chown bool
}

var (
	envNameRe   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	pmVersionRe = regexp.MustCompile(`^[0-9][0-9A-Za-z.\-]*$`)
	// npm package names: an optional @scope/, then URL-safe characters,
	// not starting with '.', '_' or '-'. Workspace commands select
	// packages by name, so a name must not read as an option.
	npmNameRe = regexp.MustCompile(`^(@[A-Za-z0-9~][A-Za-z0-9._~-]*/)?[A-Za-z0-9~][A-Za-z0-9._~-]*$`)
	// A package.json script name, run as `npm run <name>`.
	scriptNameRe = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_:.@/+-]*$`)
)

func planNode(plan *Plan, o Options) error {
	p := plan.Project
	info := p.Node
	if info == nil {
		return inputErr("%s: not a Node.js project", displayPath(p.Path))
	}
	if info.Kind == "unsupported" {
		return inputErr("%s: %s", displayPath(p.Path), info.Unsupported)
	}
	version := plan.Values["Version"].(string)
	if version == "" {
		return inputErr("%s: the Node.js version is unknown; add .nvmrc or pass --version", displayPath(p.Path))
	}
	line := detect.LookupNodeLine(version)
	if !line.Known {
		plan.notice("Node %s is not in stagecraft's release table; using Debian %s images", version, line.Debian)
	}
	pm := p.PackageManager
	if pm == "yarn-berry" {
		pm = "berry"
	}
	bun := pm == "bun"

	n := NodeValues{PM: pm, Bun: bun, Workdir: "/app"}
	ws := info.Workspace
	prefix := "" // the app's folder inside the context, with a trailing slash
	if ws != nil {
		if err := checkRelPath("workspace folder", ws.Dir); err != nil {
			return err
		}
		prefix = ws.Dir + "/"
		n.Workdir = "/app/" + ws.Dir
	}

	// Command: --entrypoint names the file node runs.
	cmd := slices.Clone(info.Command)
	// The wizard passes the detected entry point back ("./server.js",
	// "next start"): that is no override.
	same := strings.TrimPrefix(o.Entrypoint, "./") == strings.TrimPrefix(p.Entrypoint, "./")
	if o.Entrypoint != "" && !same {
		if err := checkRelPath("--entrypoint", o.Entrypoint); err != nil {
			return err
		}
		program := "node"
		if bun {
			program = "bun"
		}
		cmd = []string{program, path.Clean(o.Entrypoint)}
		plan.Reasons = append(plan.Reasons, "entry point "+o.Entrypoint+" from --entrypoint")
	}
	if len(cmd) == 0 && info.Kind != "static" {
		return inputErr("%s: nothing to run was found; pass --entrypoint <file>", displayPath(p.Path))
	}
	if bun && len(cmd) > 0 && cmd[0] == "node" {
		cmd[0] = "bun"
	}
	for _, a := range cmd {
		if strings.ContainsAny(a, "\r\n\x00") {
			return inputErr("%s: the start command has a line break; refused", displayPath(p.Path))
		}
	}
	if len(cmd) > 0 && (cmd[0] == "" || strings.HasPrefix(cmd[0], "-")) {
		return inputErr("%s: the start command %q does not start with a program", displayPath(p.Path), strings.Join(cmd, " "))
	}

	// Images and the runtime user.
	tag := func(suffix string) string { return fmt.Sprintf("node:%s-%s", version, suffix) }
	switch {
	case bun && plan.Runtime == "nginx":
		n.BuildImage = "oven/bun:" + info.PackageManagerVersion
		n.RuntimeImage = nginxImage
		plan.Values["User"] = nginxUser
	case bun:
		v := info.PackageManagerVersion
		n.BuildImage = "oven/bun:" + v
		if plan.Runtime == "alpine" {
			n.BuildImage = "oven/bun:" + v + "-alpine"
		}
		n.RuntimeImage = map[string]string{"slim": "oven/bun:" + v + "-slim", "alpine": "oven/bun:" + v + "-alpine"}[plan.Runtime]
		plan.Values["User"] = bunUser
	case plan.Runtime == "alpine":
		n.BuildImage = tag("alpine")
		n.RuntimeImage = tag("alpine")
		plan.Values["User"] = nodeUser
	default:
		n.BuildImage = tag(line.Debian + "-slim")
		if len(info.NativeAddons) > 0 {
			// The full image has python3, make and g++ for node-gyp.
			n.BuildImage = tag(line.Debian)
		}
		switch plan.Runtime {
		case "distroless":
			if !line.Distroless {
				return inputErr("--runtime distroless: there is no gcr.io/distroless/nodejs%d-debian12 image; choose slim or alpine", line.Major)
			}
			if len(cmd) > 0 && cmd[0] != "node" {
				return inputErr("--runtime distroless: the app starts with `%s`, and distroless runs only node; make the start script `node <file>` or choose slim", strings.Join(cmd, " "))
			}
			n.RuntimeImage = fmt.Sprintf("gcr.io/distroless/nodejs%d-debian12:nonroot", line.Major)
			plan.Values["User"] = nonroot
		case "nginx":
			n.RuntimeImage = nginxImage
			plan.Values["User"] = nginxUser
		default:
			n.RuntimeImage = tag(line.Debian + "-slim")
			plan.Values["User"] = nodeUser
		}
	}
	if n.RuntimeImage == "" {
		return inputErr("--runtime %s: not available for this project; choose one of: %s", plan.Runtime, strings.Join(p.Runtimes, ", "))
	}
	if len(info.NativeAddons) > 0 {
		addons := strings.Join(info.NativeAddons, ", ")
		if plan.Runtime == "alpine" {
			n.NativeTools = true
			plan.notice("native addons (%s) are compiled in alpine stages, against musl, with python3, make and g++; modules with only glibc prebuilds will not load on alpine", addons)
		} else {
			plan.Reasons = append(plan.Reasons, "native addons ("+addons+") are compiled in the full Debian image, which matches the runtime's glibc")
		}
	}

	// Secrets: registry credentials for the installs.
	for _, id := range plan.Secrets {
		switch {
		case id == "npmrc" && pm != "berry":
			n.SecretID, n.SecretTarget = "npmrc", "/root/.npmrc"
		case id == "yarnrc" && pm == "berry":
			n.SecretID, n.SecretTarget = "yarnrc", "/root/.yarnrc.yml"
		case pm == "berry":
			return inputErr("--secret %s: Yarn Berry reads registry credentials from .yarnrc.yml; pass --secret yarnrc (mounted as ~/.yarnrc.yml)", id)
		default:
			return inputErr("--secret %s: the Node template mounts only the npmrc secret (an .npmrc with registry credentials)", id)
		}
	}

	if err := nodeInstall(plan, &n, info, pm); err != nil {
		return err
	}
	if err := nodeRuntime(plan, &n, info, cmd, prefix, o); err != nil {
		return err
	}

	keep := []string{}
	for _, inc := range o.Include {
		keep = append(keep, prefix+strings.TrimPrefix(path.Clean(inc), "./"))
	}
	plan.Values["KeepInContext"] = keep
	plan.Values["Node"] = n
	return nil
}

// nodeInstall decides the package manager setup, the manifests copied
// before the install, and the install and build commands.
func nodeInstall(plan *Plan, n *NodeValues, info *detect.NodeInfo, pm string) error {
	ws := info.Workspace
	v := info.PackageManagerVersion
	if v != "" && !pmVersionRe.MatchString(v) {
		return inputErr("package manager version %q: refused", v)
	}
	if info.YarnPath != "" {
		// Run as `node <yarnPath>` in RUN, and copied by name.
		if err := checkRelPath("yarnPath", info.YarnPath); err != nil {
			return err
		}
	}
	frozen := info.Lockfile != ""
	n.Lockfile = frozen
	yarn := "yarn"
	// The pinned package manager comes from the npm registry through npm
	// (not corepack: Node 25+ images do not ship it, and it needs the
	// registry's signing keys). --force replaces the image's own yarn.
	setup := func(pkg string, force bool) string {
		cmd := "npm install --global --no-update-notifier --no-audit --no-fund"
		if force {
			cmd += " --force"
		}
		return cmd + " " + pkg
	}
	switch pm {
	case "npm":
		n.Cache = "/root/.npm"
		if v != "" {
			n.Setup = setup("npm@"+v, false)
		}
	case "pnpm":
		n.Cache = "/pnpm/store"
		n.Setup = setup("pnpm@"+v, false)
	case "yarn":
		n.Cache = "/usr/local/share/.cache/yarn"
		n.Setup = setup("yarn@"+v, true)
	case "berry":
		n.Cache = "/root/.yarn/berry/cache"
		n.InstallEnv = []detect.EnvVar{{Name: "YARN_NODE_LINKER", Value: "node-modules"}, {Name: "YARN_ENABLE_GLOBAL_CACHE", Value: "true"}}
		if info.YarnPath != "" {
			yarn = "node " + info.YarnPath
		} else {
			n.Setup = setup("@yarnpkg/cli-dist@"+v, true)
		}
	case "bun":
		n.Cache = "/root/.bun/install/cache"
	default:
		return inputErr("package manager %q: not supported", pm)
	}
	if info.Husky {
		n.InstallEnv = append(n.InstallEnv, detect.EnvVar{Name: "HUSKY", Value: "0"})
	}

	// Manifests first, so a source edit does not re-run the install.
	if ws == nil {
		src := []string{"package.json"}
		if info.Lockfile != "" {
			src = append(src, info.Lockfile)
		}
		if pm == "berry" {
			src = append(src, ".yarnrc.yml")
		}
		n.ManifestCopies = []CopyStep{{Sources: src, Dest: "./"}}
		if info.YarnPath != "" {
			n.ManifestCopies = append(n.ManifestCopies, CopyStep{Sources: []string{info.YarnPath}, Dest: "./" + path.Dir(info.YarnPath) + "/"})
		}
	} else {
		var root, extra []string
		for _, m := range ws.Manifests {
			if strings.Contains(m, "/") {
				extra = append(extra, m)
			} else {
				root = append(root, m)
			}
		}
		n.ManifestCopies = []CopyStep{{Sources: root, Dest: "./"}}
		for _, m := range extra {
			n.ManifestCopies = append(n.ManifestCopies, CopyStep{Sources: []string{m}, Dest: "./" + path.Dir(m) + "/"})
		}
		// npm and pnpm install one workspace package with its dependencies;
		// yarn and bun need every package.json of the workspace.
		all := pm != "npm" && pm != "pnpm"
		for _, m := range ws.Members {
			if m.Needed || all {
				n.ManifestCopies = append(n.ManifestCopies, CopyStep{Sources: []string{m.Dir + "/package.json"}, Dest: "./" + m.Dir + "/"})
			}
		}
	}
	for _, c := range n.ManifestCopies {
		for _, s := range c.Sources {
			if err := checkRelPath("manifest path", s); err != nil {
				return err
			}
		}
	}

	appName := info.Name
	if ws != nil && appName == "" {
		return inputErr("%s/package.json has no name; workspace installs select the package by name", ws.Dir)
	}
	if ws != nil && !npmNameRe.MatchString(appName) {
		return inputErr("%s/package.json: workspace package name %q is not an npm package name (letters, digits, - . _ ~, an optional @scope/, not starting with - . or _)", ws.Dir, appName)
	}
	if ws != nil {
		for _, m := range ws.Members {
			if err := checkRelPath("workspace package", m.Dir); err != nil {
				return err
			}
			if m.Needed && !npmNameRe.MatchString(m.Name) {
				return inputErr("%s/package.json: workspace package name %q is not an npm package name (letters, digits, - . _ ~, an optional @scope/, not starting with - . or _)", m.Dir, m.Name)
			}
			for _, out := range m.Outputs {
				if err := checkRelPath("build output of "+m.Dir, out); err != nil {
					return err
				}
			}
		}
	}
	if info.Build != "" && !scriptNameRe.MatchString(info.Build) {
		return inputErr("build script name %q: refused (letters, digits and _ : . @ / + -, not starting with -)", info.Build)
	}
	ignoreScripts := info.PrepareScript
	var rebuild string
	if ignoreScripts && len(info.NativeAddons) > 0 {
		rebuild = map[string]string{"npm": "npm rebuild", "pnpm": "pnpm rebuild", "yarn": "npm rebuild", "berry": "", "bun": ""}[pm]
	}
	is := func(cmd string) string {
		if ignoreScripts && pm != "berry" {
			cmd += " --ignore-scripts"
		}
		if rebuild != "" {
			cmd += " && " + rebuild
		}
		return cmd
	}
	if ignoreScripts && pm != "berry" {
		plan.notice("the production install skips lifecycle scripts: package.json has a prepare script, which needs dev tools (husky, …) that a production install leaves out")
	}

	switch pm {
	case "npm":
		verb := "ci"
		if !frozen {
			verb = "install"
		}
		w := ""
		if ws != nil {
			w = " --workspace=" + ws.Dir
		}
		n.InstallProd = is(fmt.Sprintf("npm %s --omit=dev%s --no-audit --no-fund", verb, w))
		n.InstallAll = fmt.Sprintf("npm %s%s --no-audit --no-fund", verb, w)
		if ws != nil {
			n.InstallAll = fmt.Sprintf("npm %s%s --include-workspace-root --no-audit --no-fund", verb, w)
		}
	case "pnpm":
		f := ""
		if frozen {
			f = " --frozen-lockfile"
		}
		filter, rootFilter := "", ""
		if ws != nil {
			filter = " --filter " + shq(appName+"...")
			rootFilter = " --filter ."
		}
		n.InstallProd = is("pnpm install" + f + " --prod" + filter + " --store-dir " + n.Cache)
		n.InstallAll = "pnpm install" + f + filter + rootFilter + " --store-dir " + n.Cache
	case "yarn":
		f := ""
		if frozen {
			f = " --frozen-lockfile"
		}
		n.InstallProd = is("yarn install" + f + " --production --non-interactive")
		n.InstallAll = "yarn install" + f + " --non-interactive"
	case "berry":
		f := ""
		if frozen {
			f = " --immutable"
		}
		n.InstallAll = yarn + " install" + f
		major, _ := majorOf(v)
		switch {
		case major >= 4 && ws != nil:
			n.InstallProd = yarn + " workspaces focus " + shq(appName) + " --production"
		case major >= 4:
			n.InstallProd = yarn + " workspaces focus --all --production"
		default:
			n.InstallProd = n.InstallAll
			plan.notice("Yarn %s has no built-in production-only install (yarn workspaces focus needs Yarn 4 or the workspace-tools plugin): the runtime gets every dependency", v)
		}
	case "bun":
		f := ""
		if frozen {
			f = " --frozen-lockfile"
		}
		n.InstallProd = is("bun install" + f + " --production")
		n.InstallAll = "bun install" + f
	}

	// The build: the app's build script, and its workspace dependencies'
	// builds first.
	libBuild := false
	if ws != nil {
		for _, m := range orderedMembers(ws) {
			libBuild = libBuild || (m.Build && m.Dir != ws.Dir)
		}
	}
	if info.Build != "" || libBuild {
		n.BuildStage = true
		run := map[string]string{"npm": "npm run", "pnpm": "pnpm run", "yarn": "yarn run", "berry": yarn + " run", "bun": "bun run"}[pm]
		switch {
		case ws == nil:
			n.BuildCommand = run + " " + info.Build
		case pm == "pnpm":
			n.BuildCommand = "pnpm --filter " + shq(appName+"...") + " run build"
		case pm == "berry":
			n.BuildCommand = yarn + " workspaces foreach --recursive --topological --from " + shq(appName) + " run build"
		default:
			var steps []string
			for _, m := range orderedMembers(ws) {
				if !m.Build {
					continue
				}
				switch pm {
				case "npm":
					steps = append(steps, "npm run build --workspace="+m.Dir)
				case "yarn":
					steps = append(steps, "yarn workspace "+shq(m.Name)+" run build")
				case "bun":
					steps = append(steps, "bun run --cwd "+m.Dir+" build")
				}
			}
			n.BuildCommand = strings.Join(steps, " && ")
		}
		if info.Kind == "next" {
			// The build cache is for the next build, not for the image.
			n.BuildCommand += " && rm -rf " + pathIn(ws, ".next/cache")
		}
		if info.Kind == "next" || info.Kind == "next-standalone" {
			n.BuildEnv = append(n.BuildEnv, detect.EnvVar{Name: "NEXT_TELEMETRY_DISABLED", Value: "1"})
		}
	}
	return nil
}

func majorOf(v string) (int, bool) {
	head, _, _ := strings.Cut(v, ".")
	n := 0
	for _, r := range head {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, head != ""
}

// orderedMembers lists the needed workspace packages, dependencies first.
func orderedMembers(ws *detect.NodeWorkspace) []detect.NodeMember {
	var out []detect.NodeMember
	for _, m := range ws.Members {
		if m.Needed {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b detect.NodeMember) int { return a.Order - b.Order })
	return out
}

func pathIn(ws *detect.NodeWorkspace, p string) string {
	if ws == nil {
		return p
	}
	return ws.Dir + "/" + p
}

// shq quotes a word for the shell when it needs it.
func shq(s string) string {
	q, err := shellQuote(s)
	if err != nil {
		return "''"
	}
	return q
}

// nodeRuntime decides what the runtime image holds and runs.
func nodeRuntime(plan *Plan, n *NodeValues, info *detect.NodeInfo, cmd []string, prefix string, o Options) error {
	ws := info.Workspace
	app := "/app/" + prefix // the app's folder in the image, with a slash
	port := plan.Values["Port"].(int)
	ctx := func(p string) string { return prefix + p }
	add := func(from, src, dst string, chown bool) {
		n.Copies = append(n.Copies, NodeCopy{From: from, Src: src, Dst: dst, Chown: chown})
	}
	for _, out := range info.Outputs {
		if err := checkRelPath("build output", out); err != nil {
			return err
		}
		n.Ignore = append(n.Ignore, ctx(out))
	}
	for _, e := range info.RuntimeExtras {
		if err := checkRelPath("runtime file", e); err != nil {
			return err
		}
	}
	if info.Kind == "static" {
		if err := checkRelPath("static site folder", info.StaticDir); err != nil {
			return err
		}
	}

	if info.Kind == "static" {
		n.Nginx = true
		n.NginxConf = nginxConf(info.SPA)
		add("build", "/app/"+ctx(info.StaticDir), "/usr/share/nginx/html", false)
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("static site: %s/ is served by unprivileged nginx on 8080", info.StaticDir))
		if port != 8080 {
			plan.notice("--port %d: the nginx config listens on 8080; EXPOSE says %d", port, port)
			n.NginxConf = nginxConfPort(info.SPA, port)
		}
		return addIncludes(plan, n, o, prefix)
	}

	needDeps := info.RuntimeDeps
	switch info.Kind {
	case "next-standalone", "nuxt":
		needDeps = false
	}
	if needDeps {
		n.DepsStage = true
		if ws != nil {
			add("deps", "/app/", "/app/", false)
		} else {
			add("deps", "/app/node_modules", "/app/node_modules", false)
		}
	}

	switch info.Kind {
	case "next-standalone":
		// The standalone folder mirrors the context: in a workspace the
		// server is at <dir>/server.js below it.
		add("build", "/app/"+ctx(".next/standalone")+"/", "/app/", true)
		add("build", "/app/"+ctx(".next/static"), app+".next/static", true)
		if slices.Contains(info.RuntimeExtras, "public") {
			add("", ctx("public"), app+"public", false)
		}
	case "next":
		if ws == nil {
			add("", "package.json", "/app/package.json", false)
		}
		add("build", "/app/"+ctx(".next"), app+".next", true)
		for _, e := range info.RuntimeExtras {
			add("", ctx(e), app+e, false)
		}
	case "nuxt":
		add("build", "/app/"+ctx(".output"), app+".output", false)
	default: // server, sveltekit, astro-node
		if info.CopySources {
			if ws == nil {
				add("", ".", "/app/", false)
			} else {
				add("", ctx(""), app, false)
			}
		} else if ws == nil {
			add("", "package.json", "/app/package.json", false)
		}
		for _, out := range info.Outputs {
			add("build", "/app/"+ctx(out), app+out, false)
		}
		if !info.CopySources {
			for _, e := range info.RuntimeExtras {
				add("", ctx(e), app+e, false)
			}
		}
	}
	// Workspace packages the app depends on: their files, and their builds.
	if ws != nil {
		for _, m := range orderedMembers(ws) {
			if m.Dir == ws.Dir {
				continue
			}
			if err := checkRelPath("workspace package", m.Dir); err != nil {
				return err
			}
			add("", m.Dir+"/", "/app/"+m.Dir+"/", false)
			for _, out := range m.Outputs {
				add("build", "/app/"+m.Dir+"/"+out, "/app/"+m.Dir+"/"+out, false)
				n.Ignore = append(n.Ignore, m.Dir+"/"+out)
			}
			if m.Build && len(m.Outputs) == 0 {
				plan.notice("workspace package %s has a build script but no main under dist/, build/ or lib/: the image gets its sources only", m.Dir)
			}
		}
	}

	// Environment and command.
	n.Env = []detect.EnvVar{{Name: "NODE_ENV", Value: "production"}}
	if info.ReadsPortEnv && port > 0 {
		n.Env = append(n.Env, detect.EnvVar{Name: "PORT", Value: fmt.Sprint(port)})
	}
	if info.HostEnv != "" {
		if !envNameRe.MatchString(info.HostEnv) {
			return inputErr("%s: %q is not an environment variable name", displayPath(plan.Project.Path), info.HostEnv)
		}
		n.Env = append(n.Env, detect.EnvVar{Name: info.HostEnv, Value: "0.0.0.0"})
	}
	for _, e := range info.CommandEnv {
		if !envNameRe.MatchString(e.Name) {
			return inputErr("%s: the start script sets %q, which is not an environment variable name", displayPath(plan.Project.Path), e.Name)
		}
		if e.Name == "NODE_ENV" {
			continue
		}
		n.Env = append(n.Env, e)
	}
	if !n.DepsStage && !n.BuildStage {
		useSourceStage(n, cmd)
	}
	n.Cmd = cmd
	if plan.Runtime == "distroless" {
		n.Cmd = cmd[1:] // the image's entrypoint is node
	}
	if len(cmd) > 0 && (cmd[0] == "npm" || (cmd[0] == "bun" && len(cmd) == 3 && cmd[1] == "run" && !strings.Contains(cmd[2], "."))) {
		plan.notice("command `%s`: the start script is not a plain `node <file>`", strings.Join(cmd, " "))
	} else if len(cmd) > 0 {
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("command `%s` in exec form: signals reach the app directly", strings.Join(cmd, " ")))
	}
	return addIncludes(plan, n, o, prefix)
}

// useSourceStage gives a dependency-free app without a build its build
// stage: the runtime copies the sources from there, after a syntax check of
// the entry file when the command runs one.
func useSourceStage(n *NodeValues, cmd []string) {
	n.SourceStage = true
	for i, c := range n.Copies {
		if c.From == "" {
			n.Copies[i].From = "build"
			n.Copies[i].Src = path.Join("/app", c.Src)
			if strings.HasSuffix(c.Src, "/") {
				n.Copies[i].Src += "/"
			}
		}
	}
	if len(cmd) == 2 && cmd[0] == "node" && !strings.HasPrefix(cmd[1], "-") {
		switch path.Ext(cmd[1]) {
		case ".js", ".cjs", ".mjs":
			n.CheckCommand = "node --check " + shq(cmd[1])
		}
	}
}

// addIncludes copies --include paths from the build stage (where build
// outputs live) into the image.
func addIncludes(plan *Plan, n *NodeValues, o Options, prefix string) error {
	plan.BuildOutputs = n.BuildStage
	for _, inc := range o.Include {
		inc = strings.TrimPrefix(path.Clean(inc), "./")
		if err := checkRelPath("--include", inc); err != nil {
			return err
		}
		if !n.BuildStage {
			n.Copies = append(n.Copies, NodeCopy{Src: prefix + inc, Dst: "/app/" + prefix + inc})
			continue
		}
		dst := "/app/" + prefix + inc
		if n.Nginx {
			dst = "/usr/share/nginx/html/" + inc
		}
		n.Copies = append(n.Copies, NodeCopy{From: "build", Src: "/app/" + prefix + inc, Dst: dst})
	}
	return nil
}

// nginxConf is the server block for a static site: unprivileged port
// 8080, and for single-page apps every unknown path answers index.html.
func nginxConf(spa bool) []string { return nginxConfPort(spa, 8080) }

func nginxConfPort(spa bool, port int) []string {
	try := "try_files $uri $uri/ $uri.html =404;"
	if spa {
		try = "try_files $uri /index.html;"
	}
	return []string{
		"server {",
		fmt.Sprintf("    listen %d;", port),
		"    server_name _;",
		"    root /usr/share/nginx/html;",
		"    index index.html;",
		"    location / {",
		"        " + try,
		"    }",
		"}",
	}
}
