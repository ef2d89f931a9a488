package lint

import (
	"fmt"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// contextUse is where the Dockerfile sends the whole build context into a
// stage: COPY . ., ADD . ., or a bind mount of the context root. 0 when it
// never does (then BuildKit transfers only the named files).
func (f *file) contextUse() (line int, what string) {
	for _, s := range f.stages {
		for _, c := range s.st.Commands {
			if cc, ok := asContextCopy(c); ok && cc.whole() {
				return cc.line, cc.text()
			}
			if rc, ok := c.(*instructions.RunCommand); ok {
				for _, m := range mountsOf(rc) {
					if m.Type == instructions.MountTypeBind && m.From == "" && (m.Source == "" || wholeContext(m.Source)) {
						return lineOf(rc.Location()), "RUN --mount=type=bind"
					}
				}
			}
		}
	}
	return 0, ""
}

// node reports a Node.js build: a node base image, npm/yarn/pnpm steps or
// a package.json copied in.
func (f *file) node() bool {
	for _, s := range f.stages {
		if s.image.name == "node" {
			return true
		}
		for _, c := range s.st.Commands {
			if cc, ok := asContextCopy(c); ok {
				for _, src := range cc.sources {
					if path.Base(src) == "package.json" || strings.HasPrefix(path.Base(src), "package*") {
						return true
					}
				}
			}
			if rc, ok := c.(*instructions.RunCommand); ok {
				if f.run(rc).any(func(c command) bool { return c.is("npm", "yarn", "pnpm", "npx", "bun") }) {
					return true
				}
			}
		}
	}
	return false
}

var ruleIgnoreMissing = &Rule{
	ID: "SC118", Name: "dockerignore-missing", Severity: Warning,
	Summary:      "The build context has no .dockerignore",
	Help:         "Without a .dockerignore, COPY . . sends everything in the folder into the build: .git, node_modules, local .env files, keys, build outputs. The image grows, the cache breaks on every commit, and secrets end up in layers. (Without a whole-context COPY, BuildKit transfers only the files named, so the finding is info.)",
	Fix:          "add a .dockerignore at the root of the build context (stagecraft generate writes one) that excludes at least .git, .env*, key files and dependency folders; if the build context is another folder, lint with --context DIR",
	needsContext: true,
	check: func(f *file, r *Rule) []Finding {
		if f.ignore != nil || len(f.stages) == 0 {
			return nil
		}
		line, what := f.contextUse()
		if line == 0 {
			return []Finding{r.atSev(Info, f.path, f.stages[0].line, 1,
				"the build context has no .dockerignore", "")}
		}
		return []Finding{r.at(f, line, 1,
			fmt.Sprintf("the build context has no .dockerignore, and %s sends all of it into the build (.git, .env files, keys, dependency folders)", what), "")}
	},
}

// ignoreCheck is one thing every .dockerignore should leave out.
type ignoreCheck struct {
	what    string   // for the message
	samples []string // context paths that must be excluded
	add     string   // the lines to add
	node    bool     // only for Node.js builds
}

var ignoreChecks = []ignoreCheck{
	{what: ".git (the repository and its history)", samples: []string{".git"}, add: ".git"},
	{what: ".env files", samples: []string{".env", ".env.local", ".env.production"}, add: ".env and .env.* (keep a sample with !.env.example)"},
	{what: "private keys", samples: []string{"id_rsa", "id_ed25519", "server.key", "key.pem"}, add: "*.pem, *.key, id_rsa*, id_ed25519*"},
	{what: "node_modules (installed in the image, not copied from the host)", samples: []string{"node_modules"}, add: "node_modules", node: true},
}

var ruleIgnoreIncomplete = &Rule{
	ID: "SC119", Name: "dockerignore-incomplete", Severity: Warning,
	Summary:      ".dockerignore does not exclude .git, .env*, key files or node_modules",
	Help:         "A .dockerignore should keep out what no image needs and what must never leak: the .git folder (large, and it holds history), .env files and private keys (secrets), and for Node.js builds node_modules (host binaries that break the image and a huge context). Reported as a warning when the Dockerfile copies the whole context, as info otherwise.",
	Fix:          "add the missing patterns to .dockerignore",
	needsContext: true,
	check: func(f *file, r *Rule) []Finding {
		if f.ignore == nil {
			return nil
		}
		useLine, what := f.contextUse()
		sev := Warning
		if useLine == 0 {
			sev = Info
		}
		node := f.node()
		var out []Finding
		for _, c := range ignoreChecks {
			if c.node && !node {
				continue
			}
			missing := false
			for _, s := range c.samples {
				if !f.ignore.excludes(s) {
					missing = true
				}
			}
			if !missing {
				continue
			}
			msg := fmt.Sprintf("%s does not exclude %s", f.ignore.path, c.what)
			if useLine != 0 {
				msg += fmt.Sprintf("; %s (%s line %d) sends them into the build", what, f.path, useLine)
			}
			out = append(out, r.atSev(sev, f.ignore.path, 1, 1, msg, "add "+c.add+" to "+f.ignore.path))
		}
		return out
	},
}

var ruleCopyIgnored = &Rule{
	ID: "SC120", Name: "copy-ignored-file", Severity: Error,
	Summary:      "COPY names a path that .dockerignore excludes",
	Help:         "Files excluded by .dockerignore never reach the builder, so COPY of such a file fails with \"not found\" (and a folder arrives empty). BuildKit's own CopyIgnoredFile rule needs the build context to run; stagecraft reads the .dockerignore with BuildKit's pattern matcher and checks each COPY, ADD and bind-mount source.",
	Fix:          "re-include the path in .dockerignore with a !path line, or stop copying it",
	needsContext: true,
	check: func(f *file, r *Rule) []Finding {
		if f.ignore == nil {
			return nil
		}
		var out []Finding
		report := func(line int, verb, src string) {
			p := strings.TrimPrefix(strings.TrimPrefix(path.Clean(src), "./"), "/")
			if p == "" || p == "." || strings.ContainsAny(p, "*?[$") || wholeContext(src) {
				return
			}
			if !f.ignore.excludes(p) || f.ignore.reincludes(p) {
				return
			}
			out = append(out, r.at(f, line, f.col(line, src),
				fmt.Sprintf("%s %s: %s excludes %s, so the build cannot see it", verb, src, f.ignore.path, p),
				fmt.Sprintf("add !%s to %s, or stop copying it", p, f.ignore.path)))
		}
		for _, s := range f.stages {
			for _, c := range s.st.Commands {
				if cc, ok := asContextCopy(c); ok {
					for _, src := range cc.sources {
						report(cc.line, cc.verb, src)
					}
				}
				if rc, ok := c.(*instructions.RunCommand); ok {
					for _, m := range mountsOf(rc) {
						if m.Type == instructions.MountTypeBind && m.From == "" && m.Source != "" {
							report(lineOf(rc.Location()), "RUN --mount=type=bind,source=", m.Source)
						}
					}
				}
			}
		}
		return out
	},
}
