package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// runs calls fn for every RUN of the stages.
func (f *file) runs(stages []*stage, fn func(s *stage, r run)) {
	for _, s := range stages {
		for _, c := range s.st.Commands {
			if rc, ok := c.(*instructions.RunCommand); ok {
				fn(s, f.run(rc))
			}
		}
	}
}

// cleanup reports a command that only removes files or rewrites their
// owner or mode.
func cleanup(c command) bool {
	switch {
	case c.is("rm"):
		return c.hasShort('r') || c.hasShort('R') || c.has("--recursive")
	case c.is("apt-get", "apt"):
		switch c.sub() {
		case "purge", "remove", "autoremove", "clean", "autoclean":
			return true
		}
	case c.is("apk"):
		return c.sub() == "del" || (c.sub() == "cache" && c.hasWord("clean"))
	case c.is("yum", "dnf", "microdnf"):
		switch c.sub() {
		case "remove", "erase", "autoremove", "clean":
			return true
		}
	case c.is("npm", "yarn", "pnpm"):
		return c.sub() == "cache" || (c.sub() == "store" && c.hasWord("prune"))
	case c.is("chown", "chmod"):
		return c.hasShort('R') || c.has("--recursive")
	}
	if p, ok := c.pip(); ok {
		return p.sub() == "cache"
	}
	return false
}

// glue are commands that do not change files (set -e, echo, true).
func glue(c command) bool {
	return c.is("set", "echo", "true", ":", "printf")
}

var ruleLateCleanup = &Rule{
	ID: "SC106", Name: "cleanup-in-later-layer", Severity: Warning,
	Summary: "Clean-up in its own layer does not shrink the image",
	Help:    "Every RUN adds a layer on top of the earlier ones. rm -rf, apt-get purge or a cache clean in a later RUN hides the files but the layer that added them still ships them. chown -R or chmod -R in its own RUN is worse: it copies every file it touches into a new layer, doubling their size.",
	Fix:     "clean up in the same RUN that created the files (apt-get install ... && rm -rf /var/lib/apt/lists/*), and set ownership while copying (COPY --chown=10001:10001)",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		f.runs(f.finalStages(), func(s *stage, ru run) {
			n := 0
			for _, c := range ru.cmds {
				switch {
				case glue(c):
				case cleanup(c):
					n++
				default:
					return
				}
			}
			if n == 0 {
				return
			}
			var first command
			for _, c := range ru.cmds {
				if cleanup(c) {
					first = c
					break
				}
			}
			line, col := f.find(ru.line, ru.end, first.words[0])
			msg := fmt.Sprintf("this RUN only cleans up (%s): the files stay in the layer that added them, so the image does not get smaller", shortCmd(first))
			fix := "do the clean-up in the same RUN that created the files (install ... && rm -rf ...)"
			if first.is("chown", "chmod") {
				msg = fmt.Sprintf("%s in its own RUN copies every file it touches into a new layer, doubling their size", shortCmd(first))
				fix = "set ownership and mode while copying: COPY --chown=10001:10001 --chmod=... (or chown in the RUN that creates the files)"
			}
			out = append(out, r.at(f, line, col, msg, fix))
		})
		return out
	},
}

// envSet reports whether an ENV of the chain (before the RUN's stage ends)
// sets name to a value other than "", "0", "false" or "off".
func envSet(stages []*stage, name string) bool {
	for _, s := range stages {
		for _, c := range s.st.Commands {
			if e, ok := c.(*instructions.EnvCommand); ok {
				for _, kv := range e.Env {
					if kv.Key == name {
						v := strings.ToLower(kv.Value)
						return v != "" && v != "0" && v != "false" && v != "off"
					}
				}
			}
		}
	}
	return false
}

// cacheLeft is one package manager step that leaves its cache in the layer.
type cacheLeft struct {
	cmd     command
	manager string
	fix     string
	left    string
}

func cachesLeft(ru run, chain []*stage) []cacheLeft {
	var out []cacheLeft
	has := func(pred func(command) bool) bool { return ru.any(pred) }
	for _, c := range ru.cmds {
		switch {
		case c.is("apt-get", "apt") && c.sub() == "install":
			if ru.removes("/var/lib/apt/lists") || ru.cacheMounted("/var/lib/apt", "/var/cache/apt") {
				continue
			}
			out = append(out, cacheLeft{c, "apt", "end the same RUN with && rm -rf /var/lib/apt/lists/*, or mount caches: RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked", "the package lists in /var/lib/apt/lists"})
		case c.is("apk") && c.sub() == "add":
			if c.has("--no-cache") || ru.removes("/var/cache/apk") || ru.cacheMounted("/var/cache/apk", "/etc/apk/cache") {
				continue
			}
			out = append(out, cacheLeft{c, "apk", "use apk add --no-cache", "the package index in /var/cache/apk"})
		case c.is("yum", "dnf", "microdnf") && c.sub() == "install":
			if has(func(x command) bool { return x.is("yum", "dnf", "microdnf") && x.sub() == "clean" }) || ru.removes("/var/cache/yum", "/var/cache/dnf") || ru.cacheMounted("/var/cache") {
				continue
			}
			out = append(out, cacheLeft{c, c.name(), "end the same RUN with && " + c.name() + " clean all", "the package cache in /var/cache/" + c.name()})
		case depInstall(c) == "npm" || (c.is("npm") && (c.sub() == "install" || c.sub() == "i")):
			if has(func(x command) bool { return x.is("npm") && x.sub() == "cache" }) || ru.cacheMounted() || ru.removes("/root/.npm", "~/.npm", "$HOME/.npm") {
				continue
			}
			out = append(out, cacheLeft{c, "npm", "mount the cache: RUN --mount=type=cache,target=/root/.npm " + shortCmd(c) + " (or end the RUN with && npm cache clean --force)", "its download cache in ~/.npm"})
		case depInstall(c) == "yarn":
			if has(func(x command) bool { return x.is("yarn") && x.sub() == "cache" }) || ru.cacheMounted() {
				continue
			}
			out = append(out, cacheLeft{c, "yarn", "mount the cache: RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile (or end the RUN with && yarn cache clean)", "its download cache"})
		}
		if p, ok := c.pip(); ok && p.sub() == "install" {
			if p.has("--no-cache-dir") || envSet(chain, "PIP_NO_CACHE_DIR") || ru.cacheMounted() || ru.removes("/root/.cache") {
				continue
			}
			out = append(out, cacheLeft{c, "pip", "use pip install --no-cache-dir, or RUN --mount=type=cache,target=/root/.cache/pip", "its wheel cache in ~/.cache/pip"})
		}
	}
	return out
}

var rulePackageCaches = &Rule{
	ID: "SC107", Name: "package-cache-in-image", Severity: Warning,
	Summary: "A package install in the final image leaves its cache behind",
	Help:    "apt-get install without removing /var/lib/apt/lists, apk add without --no-cache, pip install without --no-cache-dir, npm ci without a cache mount: the package manager's cache is written into the layer and ships with the image, often tens of megabytes that are never used at run time.",
	Fix:     "clean the cache in the same RUN, turn it off (--no-cache, --no-cache-dir), or put it on a BuildKit cache mount",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		chain := f.finalStages()
		f.runs(chain, func(s *stage, ru run) {
			for _, cl := range cachesLeft(ru, chain) {
				line, col := f.find(ru.line, ru.end, cl.cmd.words[0])
				out = append(out, r.at(f, line, col,
					fmt.Sprintf("%s in the final image leaves %s in the layer", shortCmd(cl.cmd), cl.left), cl.fix))
			}
		})
		return out
	},
}

// cacheTarget is where each package manager keeps its cache (as root), for
// the cache mount to add; "" for commands without one.
func cacheTarget(c command) (manager, targets string) {
	sub := c.sub()
	switch {
	case c.is("npm") && (sub == "ci" || sub == "install" || sub == "i" || sub == "clean-install"):
		return "npm", "--mount=type=cache,target=/root/.npm"
	case depInstall(c) == "yarn":
		return "yarn", "--mount=type=cache,target=/usr/local/share/.cache/yarn"
	case c.is("pnpm") && (sub == "install" || sub == "i" || sub == "fetch"):
		return "pnpm", "--mount=type=cache,target=/root/.local/share/pnpm/store"
	case c.is("uv") && (sub == "sync" || sub == "pip") && !c.has("--no-cache"):
		return "uv", "--mount=type=cache,target=/root/.cache/uv"
	case c.is("poetry") && sub == "install":
		return "poetry", "--mount=type=cache,target=/root/.cache/pypoetry"
	case c.is("go") && sub == "mod" && c.hasWord("download"):
		return "go", "--mount=type=cache,target=/go/pkg/mod"
	case c.is("go") && (sub == "build" || sub == "install" || sub == "test" || sub == "generate"):
		return "go", "--mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build"
	case c.is("mvn", "mvnw"):
		return "maven", "--mount=type=cache,target=/root/.m2"
	case c.is("gradle", "gradlew"):
		return "gradle", "--mount=type=cache,target=/root/.gradle (the gradle image's GRADLE_USER_HOME is /home/gradle/.gradle)"
	case c.is("cargo") && (sub == "build" || sub == "fetch" || sub == "install"):
		return "cargo", "--mount=type=cache,target=/usr/local/cargo/registry"
	}
	if p, ok := c.pip(); ok && p.sub() == "install" && !p.has("--no-cache-dir") {
		return "pip", "--mount=type=cache,target=/root/.cache/pip"
	}
	return "", ""
}

// cacheOff reports a stage that turns manager m's cache off with its
// environment variable: there is no cache for a mount to keep.
func cacheOff(m string, s *stage) bool {
	switch m {
	case "pip":
		return envSet(s.chain(), "PIP_NO_CACHE_DIR")
	case "uv":
		return envSet(s.chain(), "UV_NO_CACHE")
	}
	return false
}

var ruleNoCacheMount = &Rule{
	ID: "SC117", Name: "no-cache-mount", Severity: Info,
	Summary: "A package-manager step runs without a BuildKit cache mount",
	Help:    "When a dependency layer is rebuilt, a cache mount keeps the package manager's downloads and build cache between builds without putting them in the image, so npm ci, pip install, go build or mvn package fetch only what changed.",
	Fix:     "add RUN --mount=type=cache,target=<the manager's cache folder> to the step",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		final := f.finalStages()
		f.runs(f.stages, func(s *stage, ru run) {
			if ru.cacheMounted() {
				return
			}
			seen := map[string]bool{}
			// In the final image SC107 reports the npm, yarn and pip steps
			// that leave their cache in the layer, with the same cache
			// mount as its fix; those steps are not reported twice. A step
			// SC107 lets pass (the cache is cleaned in the same RUN) still
			// downloads everything on every rebuild: SC117 reports it.
			if s.inFinal {
				for _, cl := range cachesLeft(ru, final) {
					seen[cl.manager] = true
				}
			}
			for _, c := range ru.cmds {
				m, target := cacheTarget(c)
				if m == "" || seen[m] || cacheOff(m, s) {
					continue
				}
				seen[m] = true
				line, col := f.find(ru.line, ru.end, c.words[0])
				out = append(out, r.at(f, line, col,
					fmt.Sprintf("%s runs without a cache mount; every rebuild of this layer downloads everything again", shortCmd(c)),
					fmt.Sprintf("RUN %s %s ...", target, shortCmd(c))))
			}
		})
		return out
	},
}

// effectiveCommand is what the final image runs: ENTRYPOINT, or CMD, of the
// final stage's chain (nearest first).
func (f *file) effectiveCommand() (entry, cmd *instructions.ShellDependantCmdLine, entryLine, cmdLine int) {
	for _, s := range f.final.chain() {
		for i := len(s.st.Commands) - 1; i >= 0; i-- {
			switch c := s.st.Commands[i].(type) {
			case *instructions.EntrypointCommand:
				if entry == nil {
					entry, entryLine = &c.ShellDependantCmdLine, lineOf(c.Location())
				}
			case *instructions.CmdCommand:
				if cmd == nil {
					cmd, cmdLine = &c.ShellDependantCmdLine, lineOf(c.Location())
				}
			}
		}
	}
	return
}

// scriptRunner reports npm start, yarn start, pnpm run ... .
func scriptRunner(c command) bool {
	if !c.is("npm", "yarn", "pnpm") {
		return false
	}
	switch c.sub() {
	case "start", "run", "run-script", "serve", "dev":
		return true
	}
	return c.is("yarn", "pnpm") && c.sub() != "" && c.sub() != "install" && c.sub() != "add" // yarn <script>
}

func isInit(c command) bool {
	return c.is("tini", "dumb-init", "catatonit", "s6-svscan", "supervisord")
}

var ruleNpmStart = &Rule{
	ID: "SC121", Name: "npm-start-pid1", Severity: Warning,
	Summary: "npm start (or yarn/pnpm) runs as PID 1",
	Help:    "The container's first process receives docker stop's SIGTERM. In shell form (CMD npm start) that process is /bin/sh, then npm, then the shell npm starts for the script: the signal often never reaches the app, so it cannot shut down gracefully and Docker kills it after 10 seconds, dropping in-flight requests (warning). In exec form (CMD [\"npm\", \"start\"]) recent npm versions pass SIGTERM on, but npm stays PID 1 in front of the app and does not reap orphaned processes (info).",
	Fix:     `run the app directly in exec form: CMD ["node", "server.js"] (or put an init in front: ENTRYPOINT ["tini", "--"])`,
	check: func(f *file, r *Rule) []Finding {
		if f.final == nil {
			return nil
		}
		entry, cmd, entryLine, cmdLine := f.effectiveCommand()
		check := func(cl *instructions.ShellDependantCmdLine, line int, verb string) []Finding {
			cs := commandsOf(*cl)
			if len(cs) == 0 || !scriptRunner(cs[0]) {
				return nil
			}
			if !cl.PrependShell {
				return []Finding{r.atSev(Info, f.path, line, f.col(line, cs[0].words[0]),
					fmt.Sprintf("%s %s: %s stays PID 1 in front of the app and does not reap orphaned processes", verb, jsonArgs(cl.CmdLine), cs[0].name()), "")}
			}
			return []Finding{r.at(f, line, f.col(line, cs[0].words[0]),
				fmt.Sprintf("%s %s in shell form: /bin/sh and %s stand between docker stop's SIGTERM and the app, which may never see it", verb, shortCmd(cs[0]), cs[0].name()), "")}
		}
		if entry != nil {
			cs := commandsOf(*entry)
			if len(cs) > 0 && isInit(cs[0]) {
				return nil
			}
			if out := check(entry, entryLine, "ENTRYPOINT"); out != nil {
				return out
			}
			if len(cs) > 0 {
				return nil // the entrypoint is the app; CMD is its arguments
			}
		}
		if cmd != nil {
			return check(cmd, cmdLine, "CMD")
		}
		return nil
	},
}

// upgrade reports apt-get upgrade, apk upgrade, yum update and the like.
func upgrade(c command) bool {
	switch {
	case c.is("apt-get", "apt", "aptitude"):
		s := c.sub()
		return s == "upgrade" || s == "dist-upgrade" || s == "full-upgrade"
	case c.is("apk"):
		return c.sub() == "upgrade"
	case c.is("yum", "dnf", "microdnf"):
		return (c.sub() == "update" || c.sub() == "upgrade") && len(c.operands()) == 1
	}
	return false
}

var ruleUpgrade = &Rule{
	ID: "SC122", Name: "package-upgrade", Severity: Warning,
	Summary: "apt-get upgrade (or apk upgrade, yum update) in a Dockerfile",
	Help:    "Upgrading every package makes the image depend on the day it was built: two builds of the same commit differ, changes nobody reviewed arrive silently, and the layer grows. The base image's maintainers publish patched images; use those.",
	Fix:     "use a newer (patched) base image tag instead, and install named packages at the versions you need",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		f.runs(f.stages, func(s *stage, ru run) {
			for _, c := range ru.cmds {
				if upgrade(c) {
					line, col := f.find(ru.line, ru.end, c.words[0])
					out = append(out, r.at(f, line, col, fmt.Sprintf("%s upgrades every package of the base image at build time", shortCmd(c)), ""))
				}
			}
		})
		return out
	},
}

var ruleAddURL = &Rule{
	ID: "SC123", Name: "add-url-without-checksum", Severity: Warning,
	Summary: "ADD of a URL without --checksum",
	Help:    "ADD https://... puts whatever the server returns into the image. Without a checksum a compromised or changed download goes unnoticed, and the build is not reproducible.",
	Fix:     "ADD --checksum=sha256:<digest> <url> <dest> (Dockerfile syntax 1.6 or newer), or download with curl and check sha256sum -c in the same RUN",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		for _, s := range f.stages {
			for _, c := range s.st.Commands {
				a, ok := c.(*instructions.AddCommand)
				if !ok || a.Checksum != "" {
					continue
				}
				for _, src := range a.SourcePaths {
					l := strings.ToLower(src)
					if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
						line := lineOf(a.Location())
						out = append(out, r.at(f, line, f.col(line, src), fmt.Sprintf("ADD %s downloads without a checksum", src), ""))
					}
				}
			}
		}
		return out
	},
}

// devInstall describes a command that installs development dependencies,
// "" when it does not.
func devInstall(c command, nodeEnvProduction bool) string {
	sub := c.sub()
	envProd := nodeEnvProduction
	for _, e := range c.env {
		if strings.EqualFold(e, "NODE_ENV=production") {
			envProd = true
		}
	}
	switch m := depInstall(c); {
	case m == "npm":
		if envProd || c.has("--omit", "--production", "--only", "--prod") {
			return ""
		}
		return "npm installs devDependencies"
	case m == "yarn":
		if envProd || c.has("--production", "--prod") {
			return ""
		}
		return "yarn installs devDependencies"
	case m == "pnpm":
		if envProd || c.has("--prod", "--production") || c.hasShort('P') {
			return ""
		}
		return "pnpm installs devDependencies"
	case m == "poetry":
		if c.has("--only", "--without", "--no-dev", "--only-root") {
			return ""
		}
		return "poetry install installs the dev group"
	case m == "uv" && sub == "sync":
		if c.has("--no-dev", "--only-group", "--no-default-groups") {
			return ""
		}
		return "uv sync installs the dev dependency group"
	case m == "pipenv":
		if c.has("--dev") || c.hasShort('d') {
			return "pipenv --dev installs dev packages"
		}
	case m == "pip":
		p, _ := c.pip()
		for i, w := range p.words {
			if (w == "-r" || w == "--requirement") && i+1 < len(p.words) {
				name := strings.ToLower(p.words[i+1])
				if strings.Contains(name, "dev") || strings.Contains(name, "test") {
					return "pip installs " + p.words[i+1]
				}
			}
		}
	}
	return ""
}

var ruleDevDependencies = &Rule{
	ID: "SC124", Name: "dev-dependencies-in-image", Severity: Warning,
	Summary: "The final image installs development dependencies",
	Help:    "Test runners, bundlers, linters and type checkers are needed to build, not to run. Installed in the final image they multiply its size and its vulnerability count.",
	Fix:     "install dev dependencies in the build stage only; in the final stage install production dependencies (npm ci --omit=dev, poetry install --only main, uv sync --no-dev) or copy them from a stage that did",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		chain := f.finalStages()
		prod := envIs(chain, "NODE_ENV", "production")
		f.runs(chain, func(s *stage, ru run) {
			for _, c := range ru.cmds {
				if what := devInstall(c, prod); what != "" {
					line, col := f.find(ru.line, ru.end, c.words[0])
					out = append(out, r.at(f, line, col, fmt.Sprintf("%s into the final image", what), ""))
				}
			}
		})
		return out
	},
}

// envIs reports an ENV name=value in the stages.
func envIs(stages []*stage, name, value string) bool {
	for _, s := range stages {
		for _, c := range s.st.Commands {
			if e, ok := c.(*instructions.EnvCommand); ok {
				for _, kv := range e.Env {
					if kv.Key == name && strings.EqualFold(kv.Value, value) {
						return true
					}
				}
			}
		}
	}
	return false
}

// jsonArgs writes exec-form arguments as they appear in a Dockerfile.
func jsonArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
