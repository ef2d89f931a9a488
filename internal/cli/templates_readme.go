package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"

	"github.com/stagecraft/stagecraft/generator"
)

// exportReadme is the README.md `templates export` writes beside the
// templates: the layout, how layering works, and every stack's values,
// taken from the template.yaml files so it never goes stale.
func exportReadme(tfs fs.FS) ([]byte, error) {
	stacks, err := generator.Stacks(tfs)
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(tfs, "partials/*.tmpl")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(`# Team templates for stagecraft

This folder started as ` + "`stagecraft templates export`" + `: a copy of the templates
built into stagecraft. Point stagecraft at it and your files are used instead
of the built-in ones:

    stagecraft generate --templates ./this-folder
    STAGECRAFT_TEMPLATES=https://git.example.com/platform/templates.git#v1.0.0 stagecraft generate
    # or, in a project's .stagecraft.yaml:   templates: https://git.example.com/platform/templates.git#v1.0.0

The flag wins over the environment variable, which wins over the config file.
A git source (https://, ssh://, git@, file://) is fetched shallow into
stagecraft's cache; pin a tag or a full commit id after "#" (a branch works,
but every build may then render different files, and stagecraft warns).
` + "`--offline`" + ` uses the cache only.

## Layout

`)
	w("    %s/\n", "partials")
	for _, p := range partials {
		w("        %s\n", strings.TrimPrefix(p, "partials/"))
	}
	for _, s := range stacks {
		w("    %s/\n        Dockerfile.tmpl\n        dockerignore.tmpl\n        template.yaml\n", s)
	}
	w(`
- ` + "`<stack>/Dockerfile.tmpl`" + ` renders the Dockerfile, ` + "`<stack>/dockerignore.tmpl`" + ` the
  .dockerignore, and ` + "`<stack>/template.yaml`" + ` says which runtimes the stack can
  render (` + "`runtimes`, `default_runtime`" + `) and documents the values it receives.
- ` + "`partials/*.tmpl`" + ` hold ` + "`{{define \"name\"}}`" + ` blocks every stack uses
  (` + "`{{template \"labels\" .}}`" + `): the header, the labels, the common ignore rules.
  Every stack is parsed with every partial.

## How overriding works

- **Keep only what you change.** A file here replaces the built-in file of
  the same path; every file you delete is taken from stagecraft itself, so
  you get its fixes and new stacks when you upgrade. ` + "`stagecraft templates list`" + `
  shows where each file comes from, ` + "`stagecraft templates show <stack>`" + ` the
  files a stack renders with.
- **Partials** replace the built-in partial of the same file name. A partial
  file of yours is also parsed after the built-in ones, so a ` + "`{{define \"labels\"}}`" + `
  in any file of yours replaces the built-in "labels" everywhere it is used.
  A replaced partial file must define every block the built-in file defined
  (see ` + "`templates show`" + `), or the templates that use them fail to render.
- **A new stack** is a new folder with a ` + "`template.yaml`" + `, a ` + "`Dockerfile.tmpl`" + ` and
  a ` + "`dockerignore.tmpl`" + `. Its template.yaml names the stagecraft stack it builds
  on with ` + "`base:`" + `; its templates receive exactly the values of that stack, and
  its ` + "`runtimes`" + ` must be runtimes of that stack:

      name: go-grpc
      base: go
      description: Go gRPC services, with grpc-health-probe in the image
      runtimes: [distroless]
      default_runtime: distroless

  Projects detected as the base stack use it with ` + "`--stack go-grpc`" + ` (or
  ` + "`stack: go-grpc`" + ` in .stagecraft.yaml).
- Files other than ` + "`<dir>/*.tmpl`" + ` and ` + "`<dir>/*.yaml`" + ` (this README, CI
  configuration) are ignored. Symbolic links are refused.

## What a template may do

Templates are Go text/template files with sprig's hermetic functions and
three quoting helpers: ` + "`dockerQuote`" + ` (LABEL and ENV values), ` + "`shellQuote`" + ` (words
inside RUN) and ` + "`execForm`" + ` (JSON arrays for ENTRYPOINT/CMD). Rendering is
hermetic: there is no ` + "`env`" + `, no clock, no randomness, no file or network
access, so the same project always renders the same bytes. A missing value
is an error (missingkey=error), not an empty string. Templates choose only
the content of the Dockerfile and .dockerignore, never where they are written.

Every rendered Dockerfile must pass BuildKit's parser and all of its lint
rules, and stagecraft's own checks: the generated-file header in the first
lines, at least two named stages, a final stage that is not a toolchain
image, a numeric non-root USER, exec-form ENTRYPOINT/CMD. A Dockerfile that
fails is never written; the error names the template file and line.

## Validate before you publish

    stagecraft templates validate .

renders every stack, for every runtime its template.yaml allows, against
stagecraft's built-in sample projects, runs the same checks as ` + "`generate`" + `, and
prints each problem as ` + "`file:line: rule: message`" + ` (exit status 1 on any). Run it
in this repository's CI.

## The values each template receives
`)
	for _, s := range stacks {
		m, err := generator.LoadManifest(tfs, s)
		if err != nil {
			return nil, err
		}
		w("\n### %s\n\n%s. Runtimes: %s (default %s).\n\n", s, strings.TrimSuffix(m.Description, "."), strings.Join(m.Runtimes, ", "), m.DefaultRuntime)
		w("| value | kind | description |\n|---|---|---|\n")
		for _, v := range m.Variables {
			desc := v.Description
			if len(v.Allowed) > 0 {
				desc += " (one of: " + strings.Join(v.Allowed, ", ") + ")"
			}
			w("| `.%s` | %s | %s |\n", v.Name, v.Kind, strings.ReplaceAll(desc, "|", `\|`))
		}
	}
	return b.Bytes(), nil
}
