package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// wholeContext reports a COPY/ADD source that is the entire build context.
func wholeContext(src string) bool {
	switch strings.TrimSpace(src) {
	case ".", "./", "*", "./*", "/":
		return true
	}
	return false
}

// contextCopy is a COPY or ADD from the build context (not --from, not a URL).
type contextCopy struct {
	cmd     instructions.Command
	verb    string
	line    int
	sources []string
	dest    string
}

// text is the instruction as written, shortened: COPY . .
func (c contextCopy) text() string {
	return c.verb + " " + strings.Join(append(append([]string{}, c.sources...), c.dest), " ")
}

func asContextCopy(c instructions.Command) (contextCopy, bool) {
	switch c := c.(type) {
	case *instructions.CopyCommand:
		if c.From != "" {
			return contextCopy{}, false
		}
		return contextCopy{cmd: c, verb: "COPY", line: lineOf(c.Location()), sources: c.SourcePaths, dest: c.DestPath}, true
	case *instructions.AddCommand:
		var src []string
		for _, s := range c.SourcePaths {
			if !isURL(s) {
				src = append(src, s)
			}
		}
		return contextCopy{cmd: c, verb: "ADD", line: lineOf(c.Location()), sources: src, dest: c.DestPath}, true
	}
	return contextCopy{}, false
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "git@") || strings.HasPrefix(l, "git://")
}

func (c contextCopy) whole() bool {
	for _, s := range c.sources {
		if wholeContext(s) {
			return true
		}
	}
	return false
}

// buildsFromContext: the stage copies the whole context and runs something
// after it (it builds an artifact from the sources).
func buildsFromContext(s *stage) bool {
	copied := false
	for _, c := range s.st.Commands {
		if cc, ok := asContextCopy(c); ok && cc.whole() {
			copied = true
		}
		if _, ok := c.(*instructions.RunCommand); ok && copied {
			return true
		}
	}
	return false
}

// interpreted reports a runtime image whose app is its sources: Node.js,
// Python, Ruby, PHP, Bun, Deno, Perl (also their distroless variants).
func interpreted(img imageRef) bool {
	for _, p := range []string{"node", "python", "ruby", "php", "bun", "deno", "perl"} {
		if strings.HasPrefix(img.name, p) {
			return true
		}
	}
	return false
}

var ruleFinalCopiesContext = &Rule{
	ID: "SC104", Name: "final-stage-copies-context", Severity: Warning,
	Summary: "The final stage copies the whole build context although a build stage built an artifact",
	Help:    "When a build stage already compiled or bundled the sources, COPY . . in the final stage ships the sources, tests, build files and anything .dockerignore misses a second time, next to the artifact. On an interpreter runtime (Node.js, Python, Ruby, PHP) the sources are often the app itself, so there it is info: check that .dockerignore leaves out what the app does not run.",
	Fix:     "copy the built artifact from the build stage instead: COPY --from=build /out/app /app/",
	check: func(f *file, r *Rule) []Finding {
		if len(f.stages) < 2 {
			return nil
		}
		var builder *stage
		for _, s := range f.stages[:len(f.stages)-1] {
			if buildsFromContext(s) {
				builder = s
				break
			}
		}
		if builder == nil {
			return nil
		}
		var out []Finding
		for _, c := range f.final.st.Commands {
			cc, ok := asContextCopy(c)
			if !ok || !cc.whole() {
				continue
			}
			if interpreted(f.final.root().image) {
				out = append(out, r.atSev(Info, f.path, cc.line, 1,
					fmt.Sprintf("the final stage copies the whole build context (%s) next to what stage %s built; everything .dockerignore does not exclude ships", cc.text(), builder.label()),
					fmt.Sprintf("copy only what the app runs (COPY server.js src/ ./), or make sure .dockerignore leaves out sources stage %s already built, tests and tooling", builder.label())))
				continue
			}
			out = append(out, r.at(f, cc.line, 1,
				fmt.Sprintf("the final stage copies the whole build context (%s); stage %s already built from it", cc.text(), builder.label()),
				fmt.Sprintf("copy the built artifact from the build stage instead: COPY --from=%s <artifact> <dest>", builder.label())))
		}
		return out
	},
}

// depInstall names the package manager of a command that installs a
// project's dependencies from its manifest, "" for any other command.
func depInstall(c command) string {
	ops := c.operands()
	sub := c.sub()
	switch {
	case c.is("npm") && (sub == "ci" || sub == "clean-install" || ((sub == "install" || sub == "i") && len(ops) == 1)):
		return "npm"
	case c.is("yarn") && (len(ops) == 0 || sub == "install"):
		return "yarn"
	case c.is("pnpm") && (sub == "install" || sub == "i") && len(ops) == 1:
		return "pnpm"
	case c.is("bun") && (sub == "install" || sub == "i") && len(ops) == 1:
		return "bun"
	case c.is("poetry") && sub == "install" && !c.has("--only-root"):
		return "poetry"
	case c.is("uv") && sub == "sync":
		return "uv"
	case c.is("uv") && sub == "pip" && len(ops) > 1 && ops[1] == "install" && c.has("-r", "--requirement"):
		return "uv"
	case c.is("pipenv") && (sub == "install" || sub == "sync"):
		return "pipenv"
	case c.is("pdm") && (sub == "install" || sub == "sync"):
		return "pdm"
	case c.is("go") && sub == "mod" && len(ops) > 1 && ops[1] == "download":
		return "go"
	case c.is("mvn", "mvnw", "./mvnw") && hasPrefixed(ops, "dependency:"):
		return "maven"
	case c.is("gradle", "gradlew", "./gradlew") && hasPrefixed(ops, "dependencies"):
		return "gradle"
	case c.is("bundle") && sub == "install":
		return "bundler"
	case c.is("composer") && sub == "install":
		return "composer"
	case c.is("cargo") && sub == "fetch":
		return "cargo"
	case c.is("dotnet") && sub == "restore":
		return "dotnet"
	}
	if p, ok := c.pip(); ok && p.sub() == "install" {
		if p.has("-r", "--requirement") {
			return "pip"
		}
		if !p.has("--no-deps") {
			for _, op := range p.operands()[1:] {
				if op == "." || op == "./" {
					return "pip"
				}
			}
		}
	}
	return ""
}

func hasPrefixed(list []string, prefix string) bool {
	for _, x := range list {
		if strings.HasPrefix(x, prefix) {
			return true
		}
	}
	return false
}

// manifestFirst is how to order each package manager's steps.
var manifestFirst = map[string]string{
	"npm":      "COPY package.json package-lock.json ./ and RUN npm ci before COPY . .",
	"yarn":     "COPY package.json yarn.lock ./ and RUN yarn install --frozen-lockfile before COPY . .",
	"pnpm":     "COPY package.json pnpm-lock.yaml ./ and RUN pnpm install --frozen-lockfile before COPY . .",
	"bun":      "COPY package.json bun.lockb ./ and RUN bun install --frozen-lockfile before COPY . .",
	"pip":      "COPY requirements.txt ./ and RUN pip install -r requirements.txt before COPY . . (then pip install --no-deps . if the project itself is a package)",
	"poetry":   "COPY pyproject.toml poetry.lock ./ and RUN poetry install --no-root before COPY . .",
	"uv":       "install dependencies first with RUN --mount=type=bind,source=uv.lock,target=uv.lock --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync --frozen --no-install-project, then COPY . .",
	"pipenv":   "COPY Pipfile Pipfile.lock ./ and RUN pipenv install --deploy before COPY . .",
	"pdm":      "COPY pyproject.toml pdm.lock ./ and RUN pdm install --prod --no-self before COPY . .",
	"go":       "COPY go.mod go.sum ./ and RUN go mod download before COPY . .",
	"maven":    "COPY pom.xml ./ and RUN mvn dependency:go-offline before COPY . .",
	"gradle":   "COPY build.gradle* settings.gradle* gradle/ ./ and RUN gradle dependencies before COPY . .",
	"bundler":  "COPY Gemfile Gemfile.lock ./ and RUN bundle install before COPY . .",
	"composer": "COPY composer.json composer.lock ./ and RUN composer install --no-scripts before COPY . .",
	"cargo":    "COPY Cargo.toml Cargo.lock ./ and RUN cargo fetch before COPY . .",
	"dotnet":   "COPY *.csproj ./ and RUN dotnet restore before COPY . .",
}

var ruleInstallAfterSources = &Rule{
	ID: "SC105", Name: "install-after-sources", Severity: Warning,
	Summary: "Dependencies are installed after all sources are copied",
	Help:    "Docker reuses a layer only while everything before it is unchanged. With COPY . . before npm ci (or go mod download, pip install -r, mvn dependency:...), any edit to any source file re-downloads every dependency.",
	Fix:     "copy the manifest and lockfile first, install dependencies, and only then COPY . .",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		for _, s := range f.stages {
			installed := map[string]bool{}
			for _, anc := range s.chain()[1:] {
				for _, c := range anc.st.Commands {
					if rc, ok := c.(*instructions.RunCommand); ok {
						for _, cmd := range f.run(rc).cmds {
							if m := depInstall(cmd); m != "" {
								installed[m] = true
							}
						}
					}
				}
			}
			copyLine := 0
			copyText := ""
			for _, c := range s.st.Commands {
				if cc, ok := asContextCopy(c); ok && cc.whole() && copyLine == 0 {
					copyLine, copyText = cc.line, cc.text()
					continue
				}
				rc, ok := c.(*instructions.RunCommand)
				if !ok {
					continue
				}
				ru := f.run(rc)
				for _, cmd := range ru.cmds {
					m := depInstall(cmd)
					if m == "" {
						continue
					}
					if copyLine != 0 && !installed[m] {
						line, col := f.find(ru.line, ru.end, cmd.words[0])
						out = append(out, r.at(f, line, col,
							fmt.Sprintf("%s runs after %s (line %d): any source change re-installs every dependency", shortCmd(cmd), copyText, copyLine),
							manifestFirst[m]))
					}
					installed[m] = true
				}
			}
		}
		return out
	},
}

// shortCmd names a command for messages: its program and subcommand
// (npm ci, go mod download, apt-get install), or its first words for
// commands without subcommands (rm -rf /x, chown -R app /app).
func shortCmd(c command) string {
	if c.is("rm", "chown", "chmod", "curl", "wget") {
		w := c.words
		if len(w) > 3 {
			w = w[:3]
		}
		return strings.Join(w, " ")
	}
	out := []string{c.words[0]}
	if p, ok := c.pip(); ok {
		out = []string{"pip"}
		c = p
	}
	ops := c.operands()
	if len(ops) > 0 {
		out = append(out, ops[0])
	}
	if len(ops) > 1 && (c.is("go", "uv") && (ops[0] == "mod" || ops[0] == "pip")) {
		out = append(out, ops[1])
	}
	return strings.Join(out, " ")
}

var ruleNumericFrom = &Rule{
	ID: "SC114", Name: "copy-from-number", Severity: Warning,
	Summary: "COPY --from refers to a stage by number",
	Help:    "Stage numbers change when a stage is added or moved, and the COPY then silently takes files from the wrong stage. Names say what is copied from where.",
	Fix:     "name the stage (FROM golang:1.26 AS build) and write COPY --from=build",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		report := func(line int, flag, ref string) {
			n, _ := strconv.Atoi(ref)
			fix := r.Fix
			if n >= 0 && n < len(f.stages) {
				if t := f.stages[n]; t.name != "" {
					fix = fmt.Sprintf("write %s=%s: stage %d is named %s", flag, t.name, n, t.name)
				} else {
					fix = fmt.Sprintf("name stage %d (line %d: FROM %s AS <name>) and write %s=<name>", n, t.line, t.st.BaseName, flag)
				}
			}
			out = append(out, r.at(f, line, f.col(line, flag), fmt.Sprintf("%s=%s refers to a stage by number", flag, ref), fix))
		}
		for _, s := range f.stages {
			for _, c := range s.st.Commands {
				switch c := c.(type) {
				case *instructions.CopyCommand:
					if isNumber(c.From) {
						report(lineOf(c.Location()), "--from", c.From)
					}
				case *instructions.RunCommand:
					for _, m := range mountsOf(c) {
						if isNumber(m.From) {
							report(lineOf(c.Location()), "from", m.From)
						}
					}
				}
			}
		}
		return out
	},
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return s != "" && err == nil
}

// targets are the stages one can build: the final stage and every named
// stage no other stage uses. live are the stages some target needs.
func (f *file) targets() (targets []*stage, live map[*stage]bool) {
	used := map[*stage]bool{}
	for _, s := range f.stages {
		for _, d := range f.deps(s) {
			if d != s {
				used[d] = true
			}
		}
	}
	live = map[*stage]bool{}
	var mark func(s *stage)
	mark = func(s *stage) {
		if live[s] {
			return
		}
		live[s] = true
		for _, d := range f.deps(s) {
			mark(d)
		}
	}
	for _, s := range f.stages {
		if s == f.final || (s.name != "" && !used[s]) {
			targets = append(targets, s)
			mark(s)
		}
	}
	return targets, live
}

var ruleUnnamedStage = &Rule{
	ID: "SC115", Name: "unnamed-stage", Severity: Info,
	Summary: "A stage of a multi-stage build has no name",
	Help:    "Named stages (deps, build, runtime) say what each part of the build does, can be built on their own with --target, and are what COPY --from should refer to.",
	Fix:     "add AS <name> to the FROM line (build, deps, runtime)",
	check: func(f *file, r *Rule) []Finding {
		if len(f.stages) < 2 {
			return nil
		}
		_, live := f.targets()
		var out []Finding
		for _, s := range f.stages {
			if s.name != "" || !live[s] {
				continue // dead unnamed stages are SC116
			}
			out = append(out, r.at(f, s.line, 1, fmt.Sprintf("stage %d (FROM %s) has no name", s.index, s.st.BaseName), ""))
		}
		return out
	},
}

var ruleDeadStage = &Rule{
	ID: "SC116", Name: "dead-stage", Severity: Warning,
	Summary: "A stage no target reaches",
	Help:    "The final stage is what docker build builds; other stages matter only when a target needs them. An unnamed stage nothing uses can never be built: it is dead code that slows down reading (and, with the legacy builder, building). A named stage the final stage does not use builds only with --target; that is reported as info, in case it is a leftover rather than a test or debug target.",
	Fix:     "delete the stage, or use it (COPY --from=<stage>)",
	check: func(f *file, r *Rule) []Finding {
		if len(f.stages) < 2 {
			return nil
		}
		targets, live := f.targets()
		var out []Finding
		for _, s := range f.stages {
			if !live[s] {
				out = append(out, r.at(f, s.line, 1,
					fmt.Sprintf("stage %d (FROM %s) is not used by any other stage and has no name to build it with --target: it is dead", s.index, s.st.BaseName),
					"delete it, or name it and COPY --from it where its output is needed"))
			}
		}
		for _, t := range targets {
			if t == f.final {
				continue
			}
			out = append(out, r.atSev(Info, f.path, t.line, 1,
				fmt.Sprintf("stage %s is not used by the final stage; it builds only with --target %s", t.name, t.name),
				fmt.Sprintf("if %s is a separate target (test, debug), keep it and add # stagecraft-ignore: SC116 above its FROM; otherwise delete it", t.name)))
		}
		return out
	},
}
