package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/stagecraft/stagecraft/generator"
	"github.com/stagecraft/stagecraft/internal/tplsource"
	"github.com/stagecraft/stagecraft/templates"
)

// NewCmdTemplates is `stagecraft templates`: export, list, show, validate.
func NewCmdTemplates(io *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "Start, inspect and validate a team's own templates",
		Long: `A team can override the embedded templates file by file: give a folder or a
git repository with --templates (or ` + TemplatesEnv + `, or templates: in
.stagecraft.yaml). A team file replaces the embedded file of the same path; a
team partial replaces the embedded {{define}} of the same name; a new folder
with a template.yaml adds a stack (base: <stack> names the stack it builds on).

  stagecraft templates export ./company-templates    start from the embedded set
  stagecraft templates validate ./company-templates  prove every stack renders valid Dockerfiles
  stagecraft templates list                          every file and where it comes from
  stagecraft templates show go                       the files a stack renders with`,
		Args: cobra.NoArgs, // cobra then says "unknown command" with suggestions
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		NewCmdTemplatesExport(io, nil),
		NewCmdTemplatesList(io, nil),
		NewCmdTemplatesShow(io, nil),
		NewCmdTemplatesValidate(io, nil),
	)
	return cmd
}

// TemplatesExportOptions are the inputs of `stagecraft templates export`.
type TemplatesExportOptions struct {
	IO    *IOStreams
	Dir   string
	Force bool
}

func NewCmdTemplatesExport(io *IOStreams, runF func(*TemplatesExportOptions) error) *cobra.Command {
	opts := &TemplatesExportOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "export DIR",
		Short: "Write the embedded templates and a README to DIR, to start a team template repository",
		Long: `export writes every embedded template file (each stack's Dockerfile.tmpl,
dockerignore.tmpl and template.yaml, and the shared partials) to DIR, with a
README.md that explains the layout, the values each template receives and how
overriding works. Existing files are not replaced without --force.`,
		Example: `  stagecraft templates export ./company-templates`,
		Args:    exactlyOne("the folder to write", "stagecraft templates export ./company-templates"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return templatesExportRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace files that already exist in DIR")
	return cmd
}

func templatesExportRun(opts *TemplatesExportOptions) error {
	efs := templates.FS()
	var names []string
	err := fs.WalkDir(efs, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	readme, err := exportReadme(efs)
	if err != nil {
		return err
	}
	files := map[string][]byte{"README.md": readme}
	for _, n := range names {
		dt, err := fs.ReadFile(efs, n)
		if err != nil {
			return err
		}
		files[n] = dt
	}
	all := append([]string{"README.md"}, names...)
	if !opts.Force {
		var exist []string
		for _, n := range all {
			if _, err := os.Lstat(filepath.Join(opts.Dir, filepath.FromSlash(n))); err == nil {
				exist = append(exist, n)
			}
		}
		if len(exist) > 0 {
			return usageErr("%s already holds %s; export into an empty folder, or replace them with --force", opts.Dir, strings.Join(exist, ", "))
		}
	}
	for _, n := range all {
		dst := filepath.Join(opts.Dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
		if err := os.WriteFile(dst, files[n], 0o644); err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
	}
	fmt.Fprintf(opts.IO.Out, "wrote %d files to %s\n", len(all), opts.Dir)
	fmt.Fprintf(opts.IO.Out, "next: edit them, keep only what you change, then run\n  stagecraft templates validate %s\n  stagecraft generate --templates %s\n", opts.Dir, opts.Dir)
	return nil
}

// templateSet is given when a test sets it, else the set src names.
func templateSet(given *tplsource.FS, src TemplateSource, io *IOStreams) (*tplsource.FS, error) {
	if given != nil {
		return given, nil
	}
	return src.Load(io)
}

// TemplatesListOptions are the inputs of `stagecraft templates list`.
type TemplatesListOptions struct {
	IO     *IOStreams
	Source TemplateSource
	JSON   bool
	// Templates is the template set; nil means the one Source names.
	Templates *tplsource.FS
}

func NewCmdTemplatesList(io *IOStreams, runF func(*TemplatesListOptions) error) *cobra.Command {
	opts := &TemplatesListOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every template file of the effective set and where it comes from",
		Long: `list prints every file of the template set generate would use, one per line,
with where it comes from: embedded; team (replaces embedded); team (same as
embedded); team (new file); or team (stack NAME), for a stack only the team
set has. With no --templates, STAGECRAFT_TEMPLATES or
templates: in .stagecraft.yaml, that is the embedded set alone. Use it to see
what a team repository overrides before you generate with it.`,
		Example: `  stagecraft templates list
  stagecraft templates list --templates git@github.com:acme/stagecraft-templates.git#v3`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			readTemplateFlags(cmd, &opts.Source)
			if runF != nil {
				return runF(opts)
			}
			return templatesListRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the list as JSON")
	addTemplateFlags(cmd.Flags())
	return cmd
}

// stackInfo is a stack of the effective set, for list and show.
type stackInfo struct {
	Name   string `json:"name"`
	Origin string `json:"origin"`
	Base   string `json:"base,omitempty"`
	Error  string `json:"error,omitempty"`
}

func stacksOf(set *tplsource.FS) []stackInfo {
	names, _ := generator.Stacks(set)
	var out []stackInfo
	for _, n := range names {
		si := stackInfo{Name: n, Origin: string(tplsource.Embedded)}
		if f, ok := set.Origin(n + "/template.yaml"); ok && f.Origin == tplsource.Team && !f.Overrides {
			si.Origin = "team"
		}
		if m, err := generator.LoadManifest(set, n); err != nil {
			si.Error = err.Error()
		} else {
			si.Base = m.Base
		}
		out = append(out, si)
	}
	return out
}

func sourceLine(set *tplsource.FS) string {
	if set.Source == nil {
		return "templates: embedded"
	}
	s := set.Source
	line := fmt.Sprintf("templates: team files from %s over the embedded set", s.Display())
	if s.Kind == tplsource.KindGit {
		line += fmt.Sprintf(" (%s, commit %s", s.RefKind, s.Commit)
		if s.Cached {
			line += ", from the cache"
		}
		line += ")"
	}
	return line
}

func describeOrigin(f tplsource.File, stacks []stackInfo) string {
	if f.Origin != tplsource.Team {
		return "embedded"
	}
	if f.Same {
		return "team (same as embedded)"
	}
	if f.Overrides {
		return "team (replaces embedded)"
	}
	dir, _, _ := strings.Cut(f.Name, "/")
	for _, s := range stacks {
		if s.Name == dir && s.Origin == "team" {
			if s.Base != "" {
				return fmt.Sprintf("team (stack %s, built on %s)", s.Name, s.Base)
			}
			return fmt.Sprintf("team (stack %s)", s.Name)
		}
	}
	return "team (new file)"
}

func templatesListRun(opts *TemplatesListOptions) error {
	set, err := templateSet(opts.Templates, opts.Source, opts.IO)
	if err != nil {
		return err
	}
	stacks := stacksOf(set)
	if opts.JSON {
		out := struct {
			Source *tplsource.Source `json:"source"`
			Stacks []stackInfo       `json:"stacks"`
			Files  []tplsource.File  `json:"files"`
		}{set.Source, stacks, set.Files()}
		return writeJSON(opts.IO.Out, out)
	}
	fmt.Fprintln(opts.IO.Out, sourceLine(set))
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tSOURCE")
	for _, f := range set.Files() {
		fmt.Fprintf(tw, "%s\t%s\n", f.Name, describeOrigin(f, stacks))
	}
	tw.Flush()
	for _, s := range stacks {
		if s.Error != "" {
			fmt.Fprintf(opts.IO.ErrOut, "warning: %s\n", s.Error)
		}
	}
	return nil
}

// TemplatesShowOptions are the inputs of `stagecraft templates show`.
type TemplatesShowOptions struct {
	IO        *IOStreams
	Source    TemplateSource
	Stack     string
	Templates *tplsource.FS
}

func NewCmdTemplatesShow(io *IOStreams, runF func(*TemplatesShowOptions) error) *cobra.Command {
	opts := &TemplatesShowOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "show STACK",
		Short: "Print the effective template files a stack renders with",
		Long: `show prints the files STACK renders with, after layering: its template.yaml,
Dockerfile.tmpl and dockerignore.tmpl, then every shared partial, each with
the layer it comes from.`,
		Example: `  stagecraft templates show go
  stagecraft templates show go --templates ./company-templates`,
		Args: exactlyOne("a stack name (go, node, python, java, or a team stack)", "stagecraft templates show go"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Stack = args[0]
			readTemplateFlags(cmd, &opts.Source)
			if runF != nil {
				return runF(opts)
			}
			return templatesShowRun(opts)
		},
	}
	addTemplateFlags(cmd.Flags())
	return cmd
}

func templatesShowRun(opts *TemplatesShowOptions) error {
	set, err := templateSet(opts.Templates, opts.Source, opts.IO)
	if err != nil {
		return err
	}
	stacks := stacksOf(set)
	idx := slices.IndexFunc(stacks, func(s stackInfo) bool { return s.Name == opts.Stack })
	if idx < 0 {
		names := make([]string, 0, len(stacks))
		for _, s := range stacks {
			names = append(names, s.Name)
		}
		return usageErr("no stack %q in the templates; stacks: %s", opts.Stack, strings.Join(names, ", "))
	}
	si := stacks[idx]
	fmt.Fprintf(opts.IO.Out, "# %s\n", sourceLine(set))
	switch {
	case si.Error != "":
		fmt.Fprintf(opts.IO.Out, "# stack %s (%s): %s\n", si.Name, si.Origin, si.Error)
	case si.Base != "":
		fmt.Fprintf(opts.IO.Out, "# stack %s (%s), built on %s: select it with --stack %s\n", si.Name, si.Origin, si.Base, si.Name)
	default:
		fmt.Fprintf(opts.IO.Out, "# stack %s (%s)\n", si.Name, si.Origin)
	}
	names := []string{si.Name + "/template.yaml", si.Name + "/Dockerfile.tmpl", si.Name + "/dockerignore.tmpl"}
	partials, _ := fs.Glob(set, "partials/*.tmpl")
	names = append(names, partials...)
	for _, n := range names {
		f, ok := set.Origin(n)
		if !ok {
			fmt.Fprintf(opts.IO.Out, "\n==> %s (missing) <==\n", n)
			continue
		}
		dt, err := fs.ReadFile(set, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(opts.IO.Out, "\n==> %s (%s) <==\n", set.DisplayName(n), describeOrigin(f, stacks))
		opts.IO.Out.Write(dt)
		if len(dt) > 0 && dt[len(dt)-1] != '\n' {
			fmt.Fprintln(opts.IO.Out)
		}
	}
	return nil
}

// TemplatesValidateOptions are the inputs of `stagecraft templates validate`.
type TemplatesValidateOptions struct {
	IO     *IOStreams
	Source TemplateSource
	// Src is the source to validate (the argument); "" is the one Source names.
	Src       string
	JSON      bool
	Templates *tplsource.FS
}

func NewCmdTemplatesValidate(io *IOStreams, runF func(*TemplatesValidateOptions) error) *cobra.Command {
	opts := &TemplatesValidateOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "validate [SRC]",
		Short: "Render every stack against built-in sample projects and check the Dockerfiles",
		Long: `validate lays SRC (default: --templates, $` + TemplatesEnv + `, the config, or
nothing) over the embedded templates and proves the result: every
template.yaml loads, every template parses, and every stack renders, for each
runtime its template.yaml allows, Dockerfiles that pass the same BuildKit
parse + lint and stagecraft checks as generate, for built-in sample projects.

Each problem is printed as file:line: rule: message, at the template line to
fix, with the rendered line it produced. Exit status 1 when there is any
problem, 2 when SRC cannot be read. Run it in the CI of a template repository.`,
		Example: `  stagecraft templates validate .
  stagecraft templates validate https://git.example.com/platform/templates.git#v3`,
		Args: atMostOne("one template source (a folder or a git URL; default: the embedded set)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Src = args[0]
			}
			readTemplateFlags(cmd, &opts.Source)
			if runF != nil {
				return runF(opts)
			}
			return templatesValidateRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the report as JSON")
	addTemplateFlags(cmd.Flags())
	return cmd
}

func templatesValidateRun(opts *TemplatesValidateOptions) error {
	set := opts.Templates
	if set == nil {
		var err error
		if opts.Src != "" {
			set, err = opts.Source.load(opts.IO, opts.Src, "the argument")
		} else {
			set, err = opts.Source.Load(opts.IO)
		}
		if err != nil {
			var ee *ExitError
			if !errors.As(err, &ee) {
				err = &ExitError{Code: ExitInput, Err: err}
			}
			return err
		}
	}
	rep := generator.CheckTemplates(set)
	if opts.JSON {
		if err := writeJSON(opts.IO.Out, rep); err != nil {
			return err
		}
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(opts.IO.Out, p.String())
		}
	}
	what := fmt.Sprintf("%s (%s), %s", plural(len(rep.Stacks), "stack", "stacks"), strings.Join(rep.Stacks, ", "), plural(rep.Renders, "render", "renders"))
	if len(rep.Problems) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "%s: %s in %s\n", sourceLine(set), plural(len(rep.Problems), "problem", "problems"), what)
		return &ExitError{Code: ExitDrift}
	}
	fmt.Fprintf(opts.IO.ErrOut, "%s: valid: %s\n", sourceLine(set), what)
	return nil
}
