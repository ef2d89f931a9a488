package cli

import (
	"errors"
	"fmt"
	"github.com/stagecraft/stagecraft/internal/config"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/stagecraft/stagecraft/lint"
)

// LintOptions are the inputs of `stagecraft lint`.
type LintOptions struct {
	IO    *IOStreams
	Paths []string
	// Format is text, json or sarif.
	Format string
	// Severity is the lowest severity reported (info, warning, error).
	Severity string
	// Disable are the rule ids of --disable.
	Disable []string
	// ConfigDisable are the rule ids of lint.disable in .stagecraft.yaml,
	// set by whoever loads the configuration; they add to Disable.
	ConfigDisable []string
	// Context is the build context folder for the .dockerignore checks;
	// "" means each Dockerfile's own folder.
	Context string
}

func NewCmdLint(io *IOStreams, runF func(*LintOptions) error) *cobra.Command {
	opts := &LintOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "lint [PATH ...]",
		Short: "Audit Dockerfiles: BuildKit's lint rules plus stage-aware checks",
		Long: `lint audits Dockerfiles you already have. It runs all of BuildKit's own lint
rules (reported as buildkit/<Rule>, the checks of docker build --check) and
stagecraft's stage-aware rules (SC1xx): is the final image runtime-only, is
the dependency step cached, are secrets mounted or baked in, does the final
stage run as root, does the .dockerignore keep .git, .env and keys out.

PATH is a Dockerfile or a folder (then every Dockerfile, Dockerfile.*,
*.Dockerfile and Containerfile in it); the default is ./Dockerfile. The
.dockerignore of the build context (the Dockerfile's folder unless --context
says otherwise; <Dockerfile>.dockerignore wins) is checked too.

Each finding says where, which rule, how bad, what is wrong and what to do:
  Dockerfile:12:1 SC104 warning: the final stage copies ...; copy the built artifact ...

Silence a rule for one instruction with a comment on the line before it:
  # stagecraft-ignore: SC116
for a whole file with "# stagecraft-ignore-file: SC113", everywhere with
--disable. The rules are documented in docs/lint.md.

Exit codes: 0 nothing at or above --severity, 1 findings, 2 usage error or a
file that cannot be read or parsed.`,
		Example: `  stagecraft lint
  stagecraft lint services/api/Dockerfile docker/
  stagecraft lint --severity info                 # also the suggestions
  stagecraft lint --format sarif > lint.sarif     # GitHub code scanning
  stagecraft lint --format json | jq '.[] | select(.rule == "SC104")'
  stagecraft lint --disable SC113,buildkit/UndefinedVar`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return lintRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "text", "output format: text, json or sarif")
	f.StringVar(&opts.Severity, "severity", "warning", "lowest severity to report and fail on: info, warning or error")
	f.StringSliceVar(&opts.Disable, "disable", nil, "rule ids not to run, comma separated or repeated (SC113, buildkit/UndefinedVar)")
	f.StringVar(&opts.Context, "context", "", "build context folder whose .dockerignore applies (default: each Dockerfile's folder)")
	return cmd
}

// lintOptions checks the flags and turns them into lint.Options.
func (o *LintOptions) lintOptions() (lint.Options, error) {
	if !slices.Contains(lint.Formats, o.Format) {
		return lint.Options{}, usageErr("--format %q: want one of %s", o.Format, strings.Join(lint.Formats, ", "))
	}
	sev, err := lint.ParseSeverity(o.Severity)
	if err != nil {
		return lint.Options{}, usageErr("--severity: %v", err)
	}
	if err := (lint.Options{Disable: o.Disable}).Validate(); err != nil {
		return lint.Options{}, usageErr("--disable: %v", err)
	}
	if err := (lint.Options{Disable: o.ConfigDisable}).Validate(); err != nil {
		return lint.Options{}, usageErr(".stagecraft.yaml: lint.disable: %v", err)
	}
	disable := append(slices.Clone(o.ConfigDisable), o.Disable...)
	return lint.Options{Severity: sev, Disable: disable}, nil
}

func lintRun(opts *LintOptions) error {
	// lint.disable in the working folder's .stagecraft.yaml adds to --disable.
	if cfg, err := config.Load(config.FileName); err == nil {
		opts.ConfigDisable = cfg.Lint.Disable
	} else if !errors.Is(err, fs.ErrNotExist) {
		return &ExitError{Code: ExitInput, Err: err}
	}
	lo, err := opts.lintOptions()
	if err != nil {
		return err
	}
	paths := opts.Paths
	if len(paths) == 0 {
		if _, err := os.Stat("Dockerfile"); errors.Is(err, fs.ErrNotExist) {
			return usageErr("no Dockerfile in this folder; pass a Dockerfile or a folder (stagecraft lint path/to/Dockerfile)")
		}
		paths = []string{"Dockerfile"}
	}
	if opts.Context != "" {
		if ok, err := lstatDir(opts.Context); err != nil || !ok {
			return usageErr("--context %s: not a folder", opts.Context)
		}
	}
	files, err := lint.Expand(paths)
	if err != nil {
		return &ExitError{Code: ExitInput, Err: err}
	}

	var all []lint.Finding
	failed := 0
	for _, file := range files {
		in, err := lint.Load(file, opts.Context)
		if err == nil {
			var fs []lint.Finding
			fs, err = lint.Lint(in, lo)
			all = append(all, fs...)
		}
		if err != nil {
			failed++
			fmt.Fprintf(opts.IO.ErrOut, "stagecraft: %v\n", err)
		}
	}
	lint.Sort(all)
	if err := lint.Write(opts.IO.Out, opts.Format, all); err != nil {
		return err
	}
	if opts.Format == "text" {
		line := summary(all, len(files)-failed, lo.Severity)
		if failed > 0 {
			line += fmt.Sprintf("; %d could not be read or parsed", failed)
		}
		fmt.Fprintln(opts.IO.ErrOut, line)
	}
	switch {
	case failed > 0:
		return &ExitError{Code: ExitInput}
	case len(all) > 0:
		return &ExitError{Code: ExitDrift}
	}
	return nil
}

// summary is the closing line of the text format, on stderr.
func summary(fs []lint.Finding, files int, min lint.Severity) string {
	plural := func(n int, word string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, word)
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	if len(fs) == 0 {
		return fmt.Sprintf("no findings at %s or above in %s", min, plural(files, "file"))
	}
	count := map[lint.Severity]int{}
	for _, f := range fs {
		count[f.Severity]++
	}
	var parts []string
	for _, s := range []lint.Severity{lint.Error, lint.Warning, lint.Info} {
		if count[s] > 0 {
			parts = append(parts, plural(count[s], s.String()))
		}
	}
	return fmt.Sprintf("%s (%s) in %s", plural(len(fs), "finding"), strings.Join(parts, ", "), plural(files, "file"))
}
