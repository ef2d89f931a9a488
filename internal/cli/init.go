package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
	"github.com/stagecraft/stagecraft/internal/config"
	"github.com/stagecraft/stagecraft/internal/prompt"
)

// InitOptions are the inputs of `stagecraft init`.
type InitOptions struct {
	IO      *IOStreams
	Dir     string
	Project string
	// Decisions are the flags that answer questions in advance.
	Decisions
	Yes   bool
	Force bool
	// Templates is the template set; nil means the one Source names.
	Templates fs.FS
	// Source is where the templates come from (--templates, env, config).
	Source TemplateSource
	// Prompter asks the questions; nil draws them with survey on IO.
	Prompter prompt.Prompter
}

func NewCmdInit(io *IOStreams, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Answer a few questions, save them in .stagecraft.yaml, write the Dockerfile",
		Long: `init starts from what stagecraft detects in DIR (default: the current folder),
shows it with the evidence, and asks, with the detected value as the default:
which project (when there are several), the language version, the entry point,
the runtime (only those the project can use; the others are listed with the
reason), the port, private modules that need a build secret, and where to
write the Dockerfile.

It saves the answers in DIR/.stagecraft.yaml, so ` + "`stagecraft generate`" + ` and
go generate reproduce the files without questions, then writes the Dockerfile
and .dockerignore. Existing files are shown as a diff and replaced only when you
say so; a Dockerfile written by hand needs an explicit yes (or --force with
--yes). Ctrl-C at any question writes nothing.

init needs a terminal. In scripts and CI (no TTY, or CI set) use --yes to
accept every default, or ` + "`stagecraft generate`" + ` with flags.`,
		Example: `  stagecraft init
  stagecraft init ./services --project api
  stagecraft init --yes --runtime scratch     # no questions: defaults and flags`,
		Args: oneFolderArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = argDir(args)
			readTemplateFlags(cmd, &opts.Source)
			if err := opts.parseLabels(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	f := cmd.Flags()
	addDecisionFlags(f, &opts.Decisions)
	f.StringVar(&opts.Project, "project", "", "configure only the project at this path (relative to DIR)")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "accept every default and never prompt")
	f.BoolVar(&opts.Force, "force", false, "with --yes: replace a Dockerfile stagecraft did not generate")
	addTemplateFlags(cmd.Flags())
	return cmd
}

// errNothingWritten ends init after a refusal or Ctrl-C: exit 2, the
// message already printed.
var errNothingWritten = &ExitError{Code: ExitInput}

func initRun(opts *InitOptions) error {
	ask := opts.Prompter
	if !opts.Yes && ask == nil {
		if !opts.IO.IsInteractive() {
			return usageErr("init asks questions and needs a terminal (stdin and stdout a TTY, CI unset). In scripts use `stagecraft generate` with flags (--runtime, --port, ...), or `stagecraft init --yes` to accept every default")
		}
		p, err := newPrompter(opts.IO)
		if err != nil {
			return err
		}
		ask = p
	}
	if opts.Yes {
		ask = nil
	}
	root, report, err := scanDir(opts.Dir)
	if err != nil {
		return err
	}
	existing, err := loadConfig(root, opts.Dir, "")
	if err != nil {
		return err
	}
	tfs, err := loadTemplates(opts.IO, opts.Templates, opts.Source, existing, root, "")
	if err != nil {
		return err
	}
	if existing == nil {
		existing = &config.File{Name: displayFile(opts.Dir, config.FileName), Version: config.Version}
	}
	w := &wizard{opts: opts, ask: ask, out: opts.IO.Out, root: root, tfs: tfs}
	err = w.run(report, existing)
	if errors.Is(err, prompt.ErrCancelled) {
		fmt.Fprintln(w.out, "\nCancelled; nothing written.")
		return errNothingWritten
	}
	return err
}

func newPrompter(s *IOStreams) (prompt.Prompter, error) {
	in, okIn := s.In.(interface {
		io.Reader
		prompt.File
	})
	out, okOut := s.Out.(interface {
		io.Writer
		prompt.File
	})
	if !okIn || !okOut {
		return nil, usageErr("init needs a terminal; use `stagecraft init --yes` or `stagecraft generate`")
	}
	return prompt.New(prompt.Terminal{In: in, Out: out, Err: s.ErrOut, Color: s.ColorEnabled()}), nil
}

type wizard struct {
	opts *InitOptions
	ask  prompt.Prompter // nil: accept every default
	out  io.Writer
	root string
	tfs  fs.FS
}

func (w *wizard) run(report detect.Report, existing *config.File) error {
	only, err := w.chooseProjects(report, existing)
	if err != nil {
		return err
	}
	rs, err := resolve(w.opts.IO, w.root, report, w.opts.Decisions, existing, "", only)
	if err != nil {
		return err
	}
	next := *existing
	next.Projects = slices.Clone(existing.Projects)
	// Image replacements from --image and STAGECRAFT_IMAGES are saved with
	// the answers, over the file's (every project resolves the same set).
	if len(rs) > 0 && len(rs[0].Options.Images) > 0 {
		next.Images = maps.Clone(rs[0].Options.Images)
	}
	if next.Version == 0 {
		next.Version = config.Version
	}
	for _, r := range rs {
		cp, err := w.project(r)
		if err != nil {
			return err
		}
		next.SetProject(cp)
	}

	// The files come from the config just decided, through the same
	// resolution generate uses, so generate reproduces them byte for byte.
	content := next.Marshal()
	saved, err := config.Parse(next.Name, content)
	if err != nil {
		return fmt.Errorf("internal error: the config written does not read back: %w", err)
	}
	rs, err = config.Resolve(config.Request{Report: report, Flags: generator.Options{Syntax: generator.DefaultSyntax}, File: saved, Only: only})
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	all, err := generateAll(w.root, rs, w.tfs)
	if err != nil {
		return err
	}
	cfgFile := generator.File{Path: config.FileName, Content: content}
	var files []generator.File
	for _, g := range all {
		files = append(files, g.files...)
	}
	if err := w.confirmOverwrites(append([]generator.File{cfgFile}, files...)); err != nil {
		return err
	}

	// Everything is decided and confirmed: the config first, then the files.
	disk := generator.Disk{Root: w.root, Force: true, Name: func(rel string) string { return displayFile(w.opts.Dir, rel) }}
	results, err := disk.Write([]generator.File{cfgFile})
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	more, err := disk.Write(files)
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	fmt.Fprintln(w.out)
	for _, r := range append(results, more...) {
		if r.Action == generator.Written {
			fmt.Fprintf(w.out, "wrote %s\n", displayFile(w.opts.Dir, r.Path))
		} else {
			fmt.Fprintf(w.out, "%s is up to date\n", displayFile(w.opts.Dir, r.Path))
		}
	}
	printNotices(w.opts.IO.ErrOut, w.opts.Dir, all)
	warnUnusedImages(w.opts.IO.ErrOut, rs, all, len(only) < len(report.Projects))
	fmt.Fprintf(w.out, "\nYour answers are in %s: `stagecraft generate` (or go generate) reproduces these files without questions, and `stagecraft generate --check` tells CI when they are stale.\n", displayFile(w.opts.Dir, config.FileName))
	for _, g := range all {
		fmt.Fprintf(w.out, "next: %s\n", nextStep(w.opts.Dir, g.plan))
	}
	return nil
}

// chooseProjects returns the paths to configure: --project, the only
// project, or the person's choice (every project by default).
func (w *wizard) chooseProjects(report detect.Report, existing *config.File) ([]string, error) {
	var all []string
	for _, p := range report.Projects {
		all = append(all, p.Path)
	}
	if w.opts.Project != "" {
		return []string{path.Clean(filepath.ToSlash(w.opts.Project))}, nil
	}
	if len(all) <= 1 || w.ask == nil {
		return all, nil
	}
	fmt.Fprintf(w.out, "%s holds %d projects.\n", displayDir(w.opts.Dir), len(all))
	var options []prompt.Option
	for _, p := range report.Projects {
		note := p.Stack
		if p.Entrypoint != "" {
			note += ", " + p.Entrypoint
		}
		if _, ok := existing.Project(p.Path); ok {
			note += ", in " + config.FileName
		}
		options = append(options, prompt.Option{Label: p.Path, Note: note})
	}
	options = append(options, prompt.Option{Label: fmt.Sprintf("all %d", len(all)), Note: "one after the other"})
	i, err := w.ask.Select("Which project?", options, len(options)-1)
	if err != nil {
		return nil, err
	}
	if i == len(all) {
		return all, nil
	}
	return []string{all[i]}, nil
}

func displayDir(dir string) string {
	if dir == "." {
		return "This folder"
	}
	return dir
}

// project asks the questions for one project and returns its config entry.
func (w *wizard) project(r config.Resolved) (config.Project, error) {
	p, o := r.Project, r.Options
	// The flags, variables and config must make sense before asking.
	plan, err := generator.NewPlan(p, o, w.tfs)
	if err != nil {
		return config.Project{}, &ExitError{Code: ExitInput, Err: r.Explain(err)}
	}
	// --stack may pick another stack's app from the same folder.
	p = plan.Project
	fmt.Fprintf(w.out, "\n%s project at %s\n", stackTitle(p.Stack), p.Path)
	fmt.Fprintf(w.out, "Detected: %s\n", detectedSummary(p))
	for _, warn := range p.Warnings {
		fmt.Fprintf(w.out, "  warning: %s\n", warn)
	}
	stack := p.Stack
	if o.Stack != "" {
		stack = o.Stack // a team stack built on the detected one
	}
	man, err := generator.LoadManifest(w.tfs, stack)
	if err != nil {
		return config.Project{}, &ExitError{Code: ExitInput, Err: err}
	}

	// Language version.
	if o.Version == "" {
		o.Version = p.LanguageVersion
	}
	v, err := w.input(fmt.Sprintf("%s version of the build image", stackTitle(p.Stack)), o.Version, w.check(p, o, func(o *generator.Options, s string) { o.Version = s }))
	if err != nil {
		return config.Project{}, err
	}
	o.Version = v

	// Entry point, from the candidates.
	current := cleanEntry(o.Entrypoint)
	if current == "" {
		current = p.Entrypoint
	}
	if len(p.EntrypointCandidates) > 1 && w.ask != nil {
		var options []prompt.Option
		def := 0
		for i, c := range p.EntrypointCandidates {
			note := ""
			if c == p.Entrypoint {
				note = "detected"
				if e, ok := p.EvidenceFor("entrypoint"); ok {
					note = "detected: " + e.Detail
				}
			}
			if c == current {
				def = i
			}
			options = append(options, prompt.Option{Label: c, Note: note})
		}
		i, err := w.ask.Select(entryQuestion(p.Stack), options, def)
		if err != nil {
			return config.Project{}, err
		}
		current = p.EntrypointCandidates[i]
	}
	o.Entrypoint = current

	// Runtime: only the compatible ones, and why not the others.
	var allowed []string
	for _, rt := range p.Runtimes {
		if slices.Contains(man.Runtimes, rt) {
			allowed = append(allowed, rt)
		}
	}
	if o.Runtime == "" {
		o.Runtime = man.DefaultRuntime
		if !slices.Contains(allowed, o.Runtime) && len(allowed) > 0 {
			o.Runtime = allowed[0]
		}
	}
	if w.ask != nil && len(allowed) == 1 {
		fmt.Fprintf(w.out, "Runtime: %s, the only one this project can use\n", o.Runtime)
	}
	if w.ask != nil && len(allowed) > 1 {
		for _, rt := range man.Runtimes {
			if !slices.Contains(allowed, rt) {
				fmt.Fprintf(w.out, "  not offered: %s: %s\n", rt, excludedReason(p, rt))
			}
		}
		var options []prompt.Option
		def := 0
		for i, rt := range allowed {
			note := runtimeNotes[rt]
			if rt == man.DefaultRuntime {
				note += " (default)"
			}
			if rt == o.Runtime {
				def = i
			}
			options = append(options, prompt.Option{Label: rt, Note: note})
		}
		i, err := w.ask.Select("Runtime image", options, def)
		if err != nil {
			return config.Project{}, err
		}
		o.Runtime = allowed[i]
	}

	// Port.
	detectedPort := 0
	if p.Port != nil {
		detectedPort = *p.Port
	}
	port := o.Port
	if port == 0 {
		port = detectedPort
	}
	portText := ""
	if port != 0 {
		portText = strconv.Itoa(port)
	}
	portText, err = w.input("Port the service listens on (EXPOSE; empty for none)", portText, func(s string) error {
		if s == "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("want a port between 1 and 65535")
		}
		return nil
	})
	if err != nil {
		return config.Project{}, err
	}
	o.Port, _ = strconv.Atoi(portText)

	// Private dependencies that need a build secret.
	if p.Stack == "go" {
		answer, err := w.input("Private Go modules, fetched with the netrc build secret (GOPRIVATE patterns, comma-separated; empty for none)", strings.Join(o.Private, ","), w.check(p, o, func(o *generator.Options, s string) { o.Private = splitList(s) }))
		if err != nil {
			return config.Project{}, err
		}
		o.Private = splitList(answer)
		if len(o.Private) > 0 && !slices.Contains(o.Secrets, "netrc") {
			o.Secrets = append(slices.Clone(o.Secrets), "netrc")
		}
	}

	// Output, relative to the project.
	outDefault := "Dockerfile"
	if o.Output != "" {
		if path.IsAbs(o.Output) {
			return config.Project{}, usageErr("--output %s is outside %s; .stagecraft.yaml keeps paths inside the repository", o.Output, displayDir(w.opts.Dir))
		}
		outDefault = relSlash(p.Path, o.Output)
	}
	output, err := w.input(fmt.Sprintf("Dockerfile to write (relative to %s; its ignore file goes beside it)", p.Path), outDefault, func(s string) error {
		if strings.ContainsAny(s, "\\\r\n\x00") || path.IsAbs(s) {
			return fmt.Errorf("want a relative slash path such as Dockerfile or docker/api.Dockerfile")
		}
		if j := path.Join(p.Path, s); j == ".." || strings.HasPrefix(j, "../") {
			return fmt.Errorf("%s leaves the repository", s)
		}
		return nil
	})
	if err != nil {
		return config.Project{}, err
	}
	output = path.Clean(output)

	// Record the decisions; values equal to detection are left out so the
	// files keep following the repository (a go.mod bump, a new port).
	cp := config.Project{
		Path: p.Path, Stack: stack, Runtime: o.Runtime, Output: output,
		Secrets: o.Secrets, Private: o.Private, Name: o.Name, Labels: o.Labels, Include: o.Include,
	}
	if o.Version != p.LanguageVersion {
		cp.LanguageVersion = o.Version
	}
	if o.Entrypoint != p.Entrypoint {
		cp.Entrypoint = o.Entrypoint
	}
	if o.Port != detectedPort {
		cp.Port = o.Port
	}
	return cp, nil
}

// input asks a question, or returns def when accepting every default.
func (w *wizard) input(message, def string, validate func(string) error) (string, error) {
	if w.ask == nil {
		return def, nil
	}
	return w.ask.Input(message, def, validate)
}

// check validates an answer with the generator's own rules, by planning
// with it.
func (w *wizard) check(p detect.Project, o generator.Options, set func(*generator.Options, string)) func(string) error {
	return func(s string) error {
		o2 := o
		set(&o2, strings.TrimSpace(s))
		if _, err := generator.NewPlan(p, o2, w.tfs); err != nil {
			msg := err.Error()
			if strings.HasPrefix(msg, "--") {
				if _, rest, ok := strings.Cut(msg, ": "); ok {
					msg = rest
				}
			}
			return errors.New(msg)
		}
		return nil
	}
}

// confirmOverwrites shows what changes in existing files and asks before
// replacing them; a hand-written file needs an explicit yes (or --force).
func (w *wizard) confirmOverwrites(files []generator.File) error {
	results, err := generator.Check{Root: w.root, Name: func(rel string) string { return displayFile(w.opts.Dir, rel) }}.Write(files)
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}
	var changed, handwritten []string
	for _, r := range results {
		abs := filepath.Join(w.root, filepath.FromSlash(r.Path))
		if filepath.IsAbs(r.Path) {
			abs = r.Path
		}
		if r.Action != generator.WouldChange || !exists(abs) {
			continue
		}
		name := displayFile(w.opts.Dir, r.Path)
		old := readHead(abs, 64<<10)
		if r.Path != config.FileName && !generator.IsGenerated(old) {
			handwritten = append(handwritten, r.Path)
		} else {
			changed = append(changed, name)
		}
		if w.ask != nil {
			fmt.Fprintf(w.out, "\n%s exists; the changes:\n", name)
			w.out.Write(r.Diff)
		}
	}
	for _, h := range handwritten {
		name := displayFile(w.opts.Dir, h)
		if w.opts.Force {
			continue
		}
		if w.ask == nil {
			return &ExitError{Code: ExitInput, Err: fmt.Errorf("%s exists and was not generated by stagecraft; nothing written. Replace it with --yes --force, or answer yes in `stagecraft init`, or choose another --output", name)}
		}
		ok, err := w.ask.Confirm(fmt.Sprintf("%s was written by hand, not by stagecraft. Replace it?", name), false)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintf(w.out, "Nothing written: %s is kept. Run init again and choose another Dockerfile path to keep both.\n", name)
			return errNothingWritten
		}
	}
	if len(changed) > 0 && w.ask != nil {
		ok, err := w.ask.Confirm(fmt.Sprintf("Overwrite %s?", strings.Join(changed, ", ")), true)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(w.out, "Nothing written.")
			return errNothingWritten
		}
	}
	return nil
}

var runtimeNotes = map[string]string{
	"distroless": "Google distroless: no shell or package manager, non-root",
	"scratch":    "empty image: the static binary and CA certificates only",
	"alpine":     "Alpine: small, musl libc, has a shell",
	"slim":       "Debian slim: glibc and a shell, larger",
	"nginx":      "nginx serving the built static files",
}

func excludedReason(p detect.Project, rt string) string {
	for _, ex := range p.RuntimesExcluded {
		if ex.Runtime == rt {
			return ex.Reason
		}
	}
	return "not available for this project"
}

func stackTitle(stack string) string {
	switch stack {
	case "go":
		return "Go"
	case "node":
		return "Node.js"
	case "python":
		return "Python"
	case "java":
		return "Java"
	}
	return stack
}

func entryQuestion(stack string) string {
	if stack == "go" {
		return "Main package to build"
	}
	return "Entry point"
}

// detectedSummary is "Go 1.23.4, main package ./cmd/server, port 8080 —
// from go.mod:5, cmd/server/main.go:31".
func detectedSummary(p detect.Project) string {
	var parts []string
	head := stackTitle(p.Stack)
	if p.LanguageVersion != "" {
		head += " " + p.LanguageVersion
	}
	parts = append(parts, head)
	if p.Entrypoint != "" {
		if p.Stack == "go" {
			parts = append(parts, "main package "+p.Entrypoint)
		} else {
			parts = append(parts, "entry point "+p.Entrypoint)
		}
	}
	if p.Port != nil {
		parts = append(parts, fmt.Sprintf("port %d", *p.Port))
	} else {
		parts = append(parts, "port unknown")
	}
	if p.Go != nil && p.Go.CGO {
		parts = append(parts, "cgo")
	}
	var from []string
	for _, field := range []string{"language_version", "entrypoint", "port", "cgo"} {
		if e, ok := p.EvidenceFor(field); ok && !slices.Contains(from, e.Where()) {
			from = append(from, e.Where())
		}
	}
	s := strings.Join(parts, ", ")
	if len(from) > 0 {
		s += " — from " + strings.Join(from, ", ")
	}
	return s
}

func cleanEntry(e string) string {
	if e == "" || e == "." {
		return e
	}
	return "./" + strings.TrimPrefix(path.Clean(e), "./")
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// relSlash is target relative to base, both slash paths relative to the root.
func relSlash(base, target string) string {
	r, err := filepath.Rel(filepath.FromSlash(base), filepath.FromSlash(target))
	if err != nil {
		return target
	}
	return filepath.ToSlash(r)
}
