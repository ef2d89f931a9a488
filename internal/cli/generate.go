package cli

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
)

// GenerateOptions are the inputs of `stagecraft generate`.
type GenerateOptions struct {
	IO      *IOStreams
	Dir     string
	Project string
	Gen     generator.Options
	Labels  []string
	Output  string
	Stdout  bool
	Diff    bool
	Check   bool
	Force   bool
	JSON    bool
	// Templates is the template set; nil means the one Source names.
	Templates fs.FS
	// Source is where the templates come from (--templates, env, config).
	Source TemplateSource
}

func NewCmdGenerate(io *IOStreams, runF func(*GenerateOptions) error) *cobra.Command {
	opts := &GenerateOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "generate [DIR]",
		Short: "Write a multi-stage Dockerfile and .dockerignore for DIR",
		Long: `generate detects the project in DIR (default: the current folder), renders the
stack's template, validates the result with BuildKit's parser and lint rules,
and writes Dockerfile and .dockerignore into the project folder.

Flags beat detection. A file stagecraft did not generate is never replaced
without --force; a generated file is rewritten only when its content changes.
When DIR holds several projects (a go.work workspace, a monorepo), each gets
its own files; --project picks one.`,
		Example: `  stagecraft generate
  stagecraft generate --diff                      # what would change, writes nothing
  stagecraft generate --check                     # CI: exit 1 when the files are stale
  stagecraft generate --runtime scratch --port 8080 --stdout
  stagecraft generate ./services --project api
  stagecraft generate --private 'example.com/internal/*'   # netrc build secret
  stagecraft generate --syntax ""                 # no '# syntax=' line (air-gapped engines)`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = argDir(args)
			readTemplateFlags(cmd, &opts.Source)
			if err := opts.parseLabels(); err != nil {
				return err
			}
			if n := countTrue(opts.Stdout, opts.Diff, opts.Check); n > 1 {
				return usageErr("--stdout, --diff and --check are different outputs; use one")
			}
			if runF != nil {
				return runF(opts)
			}
			return generateRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Gen.Stack, "stack", "", "the project's stack (go), or a team stack built on it; detected when empty")
	f.StringVar(&opts.Gen.Runtime, "runtime", "", "runtime image flavour: distroless, scratch, alpine or slim (go: distroless)")
	f.StringVar(&opts.Gen.Version, "version", "", "language version of the build image, e.g. 1.23.4 (default: detected)")
	f.StringVar(&opts.Gen.Entrypoint, "entrypoint", "", "what to run: the main package for Go, e.g. ./cmd/api (default: detected)")
	f.IntVar(&opts.Gen.Port, "port", 0, "port to EXPOSE (default: detected; none when unknown)")
	f.StringVar(&opts.Gen.Name, "name", "", "image title and binary name (default: from the entry point)")
	f.StringVar(&opts.Gen.Syntax, "syntax", generator.DefaultSyntax, `Dockerfile frontend for the "# syntax=" line; "" leaves it out`)
	f.StringArrayVar(&opts.Gen.Secrets, "secret", nil, "build secret id to mount on dependency steps (repeatable): netrc")
	f.StringArrayVar(&opts.Gen.Private, "private", nil, "Go private module pattern for GOPRIVATE (repeatable); mounts the netrc secret")
	f.StringArrayVar(&opts.Labels, "label", nil, "image label key=value (repeatable)")
	f.StringArrayVar(&opts.Gen.Include, "include", nil, "path (relative to the project) the runtime image needs beside the binary (repeatable)")
	f.StringVarP(&opts.Output, "output", "o", "", "path of the Dockerfile to write; the ignore file goes beside it")
	f.StringVar(&opts.Project, "project", "", "generate only for the project at this path (relative to DIR)")
	f.BoolVar(&opts.Stdout, "stdout", false, "print the files instead of writing them")
	f.BoolVar(&opts.Diff, "diff", false, "show a unified diff against the files on disk; write nothing")
	f.BoolVar(&opts.Check, "check", false, "write nothing; exit 1 with a diff when the files on disk are stale")
	f.BoolVar(&opts.Force, "force", false, "replace files stagecraft did not generate")
	f.BoolVar(&opts.JSON, "json", false, "print what was done as JSON")
	return cmd
}

func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func (o *GenerateOptions) parseLabels() error {
	for _, l := range o.Labels {
		k, v, ok := strings.Cut(l, "=")
		if !ok || k == "" {
			return usageErr("--label %q: want key=value", l)
		}
		if o.Gen.Labels == nil {
			o.Gen.Labels = map[string]string{}
		}
		o.Gen.Labels[k] = v
	}
	return nil
}

// generated is one project's rendered files and plan.
type generated struct {
	plan  generator.Plan
	files []generator.File
}

func generateRun(opts *GenerateOptions) error {
	root, report, err := scanDir(opts.Dir)
	if err != nil {
		return err
	}
	tfs := opts.Templates
	if tfs == nil {
		set, err := opts.Source.Load(opts.IO)
		if err != nil {
			return err
		}
		tfs = set
	}
	projects, err := selectProjects(report, opts.Project)
	if err != nil {
		return err
	}
	if len(projects) > 1 && (opts.Output != "" || opts.Gen.Entrypoint != "" || opts.Gen.Port != 0) {
		return usageErr("%s holds %d projects (%s); --output, --entrypoint and --port apply to one: pick it with --project", opts.Dir, len(projects), projectPaths(projects))
	}
	if opts.Output != "" {
		out, err := outputPath(root, opts.Output)
		if err != nil {
			return err
		}
		opts.Gen.Output = out
	}

	var all []generated
	for _, p := range projects {
		plan, files, err := generator.Generate(p, opts.Gen, tfs)
		if err != nil {
			return &ExitError{Code: ExitInput, Err: withTemplateSource(tfs, err)}
		}
		all = append(all, generated{plan: plan, files: files})
	}
	for _, p := range projects {
		for _, w := range p.Warnings {
			fmt.Fprintf(opts.IO.ErrOut, "warning: %s: %s\n", p.Path, w)
		}
	}

	var files []generator.File
	for _, g := range all {
		files = append(files, g.files...)
	}
	switch {
	case opts.Stdout:
		for i, f := range files {
			if len(files) > 1 {
				if i > 0 {
					fmt.Fprintln(opts.IO.Out)
				}
				fmt.Fprintf(opts.IO.Out, "==> %s <==\n", f.Path)
			}
			opts.IO.Out.Write(f.Content)
		}
		return nil
	case opts.Diff || opts.Check:
		results, err := generator.Check{Root: root}.Write(files)
		if err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
		stale := false
		for _, r := range results {
			if r.Action == generator.WouldChange {
				stale = true
				if !opts.JSON {
					opts.IO.Out.Write(r.Diff)
				}
			}
		}
		if opts.JSON {
			if err := writeJSON(opts.IO.Out, jsonResult(all, results)); err != nil {
				return err
			}
		} else if !stale {
			fmt.Fprintln(opts.IO.ErrOut, "up to date")
		}
		if opts.Check && stale {
			if !opts.JSON {
				fmt.Fprintln(opts.IO.ErrOut, "stale: run `stagecraft generate` to update the files above")
			}
			return &ExitError{Code: ExitDrift}
		}
		return nil
	}

	results, err := generator.Disk{Root: root, Force: opts.Force}.Write(files)
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, jsonResult(all, results))
	}
	for _, r := range results {
		if r.Action == generator.Written {
			fmt.Fprintf(opts.IO.Out, "wrote %s\n", displayFile(opts.Dir, r.Path))
		} else {
			fmt.Fprintf(opts.IO.Out, "%s is up to date\n", displayFile(opts.Dir, r.Path))
		}
	}
	for _, g := range all {
		fmt.Fprintf(opts.IO.Out, "next: %s\n", nextStep(opts.Dir, g.plan))
	}
	return nil
}

func selectProjects(r detect.Report, want string) ([]detect.Project, error) {
	if want == "" {
		return r.Projects, nil
	}
	want = path.Clean(filepath.ToSlash(want))
	for _, p := range r.Projects {
		if p.Path == want {
			return []detect.Project{p}, nil
		}
	}
	return nil, usageErr("--project %s: no project there; projects: %s", want, projectPaths(r.Projects))
}

func projectPaths(ps []detect.Project) string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return strings.Join(out, ", ")
}

// outputPath turns --output (relative to the working folder) into a path
// relative to root, or an absolute one when it lies outside root.
func outputPath(root, output string) (string, error) {
	if strings.ContainsAny(output, "\r\n\x00") {
		return "", usageErr("--output %q: a path must be one line", output)
	}
	abs, err := filepath.Abs(output)
	if err != nil {
		return "", usageErr("--output %s: %v", output, err)
	}
	if info, err := lstatDir(abs); err == nil && info {
		abs = filepath.Join(abs, "Dockerfile")
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs), nil
	}
	return filepath.ToSlash(rel), nil
}

func displayFile(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, filepath.FromSlash(p))
}

// nextStep is the docker build command for a plan, run from DIR.
func nextStep(dir string, plan generator.Plan) string {
	args := []string{"docker", "build"}
	ctx := plan.Context
	defaultDF := path.Join(ctx, "Dockerfile")
	if plan.Dockerfile != defaultDF {
		args = append(args, "-f", displayFile(dir, plan.Dockerfile))
	}
	for _, s := range plan.Secrets {
		args = append(args, secretFlag(s))
	}
	args = append(args, "-t", plan.Values["AppName"].(string), displayFile(dir, ctx))
	return strings.Join(args, " ")
}

// Where each well-known secret usually lives on a developer's machine.
var secretSources = map[string]string{
	"netrc": "$HOME/.netrc", "npmrc": "$HOME/.npmrc", "pip": "$HOME/.config/pip/pip.conf",
	"maven": "$HOME/.m2/settings.xml", "gradle": "$HOME/.gradle/gradle.properties",
}

func secretFlag(id string) string {
	src, ok := secretSources[id]
	if !ok {
		src = "./" + id + ".secret"
	}
	return fmt.Sprintf("--secret id=%s,src=%s", id, src)
}

type jsonFile struct {
	Path   string `json:"path"`
	Action string `json:"action"`
}

type jsonProject struct {
	Path    string   `json:"path"`
	Stack   string   `json:"stack"`
	Runtime string   `json:"runtime"`
	Reasons []string `json:"reasons"`
}

func jsonResult(all []generated, results []generator.Result) any {
	out := struct {
		Files    []jsonFile    `json:"files"`
		Projects []jsonProject `json:"projects"`
	}{Files: []jsonFile{}, Projects: []jsonProject{}}
	for _, r := range results {
		out.Files = append(out.Files, jsonFile{Path: r.Path, Action: string(r.Action)})
	}
	for _, g := range all {
		reasons := g.plan.Reasons
		if reasons == nil {
			reasons = []string{}
		}
		out.Projects = append(out.Projects, jsonProject{Path: g.plan.Project.Path, Stack: g.plan.Stack, Runtime: g.plan.Runtime, Reasons: slices.Clone(reasons)})
	}
	return out
}
