package cli

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/stagecraft/stagecraft/generator"
	"github.com/stagecraft/stagecraft/internal/config"
)

// GenerateOptions are the inputs of `stagecraft generate`.
type GenerateOptions struct {
	IO      *IOStreams
	Dir     string
	Project string
	// Decisions are the per-project flags (Gen, Labels, Output).
	Decisions
	// ConfigFile is --config; "" reads DIR/.stagecraft.yaml when it exists.
	ConfigFile string
	// Stdout is what --stdout prints: "" (write files), "all", "dockerfile" or "dockerignore".
	Stdout string
	Diff   bool
	Check  bool
	Force  bool
	JSON   bool
	// Yes is accepted for symmetry with init; generate never prompts.
	Yes bool
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

Decisions come, in this order of precedence, from flags, STAGECRAFT_*
environment variables (STAGECRAFT_RUNTIME, STAGECRAFT_PORT, ...), the
.stagecraft.yaml in DIR (or --config FILE; ` + "`stagecraft init`" + ` writes it) and
detection. generate never prompts. A file stagecraft did not generate is never
replaced without --force; a generated file is rewritten only when its content
changes. When DIR holds several projects (a go.work workspace, a monorepo),
each gets its own files (only those .stagecraft.yaml lists, when it lists
some); --project picks one.`,
		Example: `  stagecraft generate
  stagecraft generate --diff                      # what would change, writes nothing
  stagecraft generate --check                     # CI: exit 1 when the files are stale
  stagecraft generate --runtime scratch --port 8080 --stdout
  stagecraft generate ./services --project api
  stagecraft generate --private 'example.com/internal/*'   # netrc build secret
  stagecraft generate --syntax ""                 # no '# syntax=' line (air-gapped engines)
  stagecraft generate --image 'golang:1.26-bookworm=golang:1.26-bookworm@sha256:<digest>'   # pin a base image`,
		Args: oneFolderArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = argDir(args)
			readTemplateFlags(cmd, &opts.Source)
			if err := opts.parseLabels(); err != nil {
				return err
			}
			switch opts.Stdout {
			case "", "all", "dockerfile", "dockerignore":
			default:
				return usageErr("--stdout=%s: want all, dockerfile or dockerignore", opts.Stdout)
			}
			// "--stdout dockerfile" reads as --stdout and DIR=dockerfile.
			if opts.Stdout == "all" && len(args) == 1 && slices.Contains([]string{"all", "dockerfile", "dockerignore"}, args[0]) && !exists(args[0]) {
				return usageErr("%s: no such folder; to print only one file write --stdout=%s (with '=')", args[0], args[0])
			}
			if opts.Stdout != "" && opts.JSON {
				return usageErr("--stdout prints the files and --json describes what was written; use one")
			}
			if n := countTrue(opts.Stdout != "", opts.Diff, opts.Check); n > 1 {
				return usageErr("--stdout, --diff and --check are different outputs; use one")
			}
			if runF != nil {
				return runF(opts)
			}
			return generateRun(opts)
		},
	}
	f := cmd.Flags()
	addDecisionFlags(f, &opts.Decisions)
	f.StringVar(&opts.Gen.Syntax, "syntax", generator.DefaultSyntax, `Dockerfile frontend for the "# syntax=" line; "" leaves it out`)
	f.StringVar(&opts.Project, "project", "", "generate only for the project at this path (relative to DIR)")
	f.StringVar(&opts.ConfigFile, "config", "", "read decisions from FILE instead of DIR/.stagecraft.yaml")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "accept every default (generate never prompts; a hand-written file still needs --force)")
	f.StringVar(&opts.Stdout, "stdout", "", "print the files instead of writing them; --stdout=dockerfile prints only the Dockerfile (for a pipe), =dockerignore only the ignore file")
	f.Lookup("stdout").NoOptDefVal = "all"
	f.BoolVar(&opts.Diff, "diff", false, "show a unified diff against the files on disk; write nothing")
	f.BoolVar(&opts.Check, "check", false, "write nothing; exit 1 with a diff when the files on disk are stale")
	f.BoolVar(&opts.Force, "force", false, "replace files stagecraft did not generate")
	f.BoolVar(&opts.JSON, "json", false, "print what was done as JSON")
	addTemplateFlags(cmd.Flags())
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

func cutLabel(l string) (string, string, bool) {
	k, v, ok := strings.Cut(l, "=")
	return k, v, ok && k != ""
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
	file, err := loadConfig(root, opts.Dir, opts.ConfigFile)
	if err != nil {
		return err
	}
	tfs, err := loadTemplates(opts.IO, opts.Templates, opts.Source, file, root, opts.ConfigFile)
	if err != nil {
		return err
	}
	rs, err := resolve(opts.IO, root, report, opts.Decisions, file, opts.Project, nil)
	if err != nil {
		return err
	}
	all, err := generateAll(root, rs, tfs)
	if err != nil {
		return err
	}
	// The planned project's warnings: --stack may have picked another
	// stack's app from the same folder.
	for _, g := range all {
		for _, w := range g.plan.Project.Warnings {
			fmt.Fprintf(opts.IO.ErrOut, "warning: %s: %s\n", displayFile(opts.Dir, g.plan.Project.Path), w)
		}
	}
	printNotices(opts.IO.ErrOut, opts.Dir, all)
	warnUnusedImages(opts.IO.ErrOut, rs, all, len(rs) < len(report.Projects))

	var files []generator.File
	for _, g := range all {
		files = append(files, g.files...)
	}
	switch {
	case opts.Stdout != "":
		files = pickFiles(files, opts.Stdout)
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
		results, err := generator.Check{Root: root, Name: func(rel string) string { return displayFile(opts.Dir, rel) }}.Write(files)
		if err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
		stale := false
		var handWritten []string
		others := 0
		for _, r := range results {
			if r.Action == generator.WouldChange {
				stale = true
				if !opts.JSON {
					opts.IO.Out.Write(r.Diff)
				}
				if r.HandWritten {
					handWritten = append(handWritten, displayFile(opts.Dir, r.Path))
				} else {
					others++
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
				fmt.Fprintln(opts.IO.ErrOut, staleHint(opts.Dir, handWritten, others))
			}
			return &ExitError{Code: ExitDrift}
		}
		return nil
	}

	results, err := generator.Disk{Root: root, Force: opts.Force, Name: func(rel string) string { return displayFile(opts.Dir, rel) }}.Write(files)
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, jsonResult(all, results))
	}
	wrote := false
	for _, r := range results {
		if r.Action == generator.Written {
			wrote = true
			fmt.Fprintf(opts.IO.Out, "wrote %s\n", displayFile(opts.Dir, r.Path))
		} else {
			fmt.Fprintf(opts.IO.Out, "%s is up to date\n", displayFile(opts.Dir, r.Path))
		}
	}
	// The build hint follows a change, and stays out of go generate's
	// one-line-per-file output.
	if _, goGenerate := opts.IO.Env("GOPACKAGE"); wrote && !goGenerate {
		for _, g := range all {
			fmt.Fprintf(opts.IO.Out, "next: %s\n", nextStep(opts.Dir, g.plan))
		}
	}
	return nil
}

// outputPath turns --output (relative to the working folder) into a path
// relative to root, or an absolute one when it lies outside root. name is
// the flag or variable it came from, for messages.
func outputPath(root, name, output string) (string, error) {
	if strings.ContainsAny(output, "\r\n\x00") {
		return "", usageErr("%s %q: a path must be one line", name, output)
	}
	// A trailing slash names a folder, existing or not.
	folder := strings.HasSuffix(output, "/") || strings.HasSuffix(output, string(filepath.Separator))
	abs, err := filepath.Abs(output)
	if err != nil {
		return "", usageErr("%s %s: %v", name, output, err)
	}
	if info, err := lstatDir(abs); (err == nil && info) || folder {
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

// staleHint is what --check says to do about stale files: plain
// `generate`, unless some were written by hand (generate then refuses
// every file until --force).
func staleHint(dir string, handWritten []string, others int) string {
	cmd := "stagecraft generate"
	if dir != "" && dir != "." {
		cmd += " " + shellWord(dir)
	}
	if len(handWritten) == 0 {
		return "stale: run `" + cmd + "` to update the files above"
	}
	verb, it := "was", "it"
	if len(handWritten) > 1 {
		verb, it = "were", "them"
	}
	also := ""
	if others > 0 {
		also = " and updates the other files above"
	}
	return fmt.Sprintf("stale: %s %s not written by stagecraft; `%s --force` replaces %s%s (or --output writes elsewhere)", joinAnd(handWritten), verb, cmd, it, also)
}

// joinAnd lists items as "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// shellWord quotes s for a shell when it holds more than safe characters.
func shellWord(s string) string {
	for _, r := range s {
		if !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// printNotices prints each plan's notices: decisions a user should see
// without asking for --json.
func printNotices(w io.Writer, dir string, all []generated) {
	for _, g := range all {
		for _, n := range g.plan.Notices {
			fmt.Fprintf(w, "note: %s: %s\n", displayFile(dir, g.plan.Project.Path), n)
		}
	}
}

// warnUnusedImages names the image replacements no generated Dockerfile
// used: a typo, or a key left behind when a version moved on. It says
// nothing when only some projects were generated (--project): another
// project may use the key.
func warnUnusedImages(w io.Writer, rs []config.Resolved, all []generated, someProjects bool) {
	if someProjects || len(rs) == 0 || len(rs[0].Options.Images) == 0 {
		return
	}
	used := map[string]bool{}
	var froms []string
	for _, g := range all {
		for _, k := range g.plan.ImagesReplaced {
			used[k] = true
		}
		froms = append(froms, g.plan.BaseImages...)
	}
	slices.Sort(froms)
	froms = slices.Compact(froms)
	for _, k := range slices.Sorted(maps.Keys(rs[0].Options.Images)) {
		if !used[k] {
			fmt.Fprintf(w, "warning: image %s (from %s) is in no generated Dockerfile; their images: %s\n", k, rs[0].ImageFrom(k), strings.Join(froms, ", "))
		}
	}
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
	"maven": "$HOME/.m2/settings.xml", "index-url": "./index-url.txt", "yarnrc": "$HOME/.yarnrc.yml", "gradle": "$HOME/.gradle/gradle.properties",
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

// pickFiles keeps the files --stdout asked for: every file, or only the
// Dockerfiles or only the ignore files.
func pickFiles(files []generator.File, which string) []generator.File {
	if which == "all" {
		return files
	}
	var out []generator.File
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".dockerignore") == (which == "dockerignore") {
			out = append(out, f)
		}
	}
	return out
}
