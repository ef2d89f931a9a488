package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/stagecraft/stagecraft/internal/config"
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
	// ConfigFile is --config: the .stagecraft.yaml whose lint.disable
	// applies to every file. "" means each Dockerfile's nearest
	// .stagecraft.yaml (see lintConfigs).
	ConfigFile string
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

PATH is a Dockerfile (any name), - for one read from standard input
(reported as <stdin>; its .dockerignore checks need --context), or a
folder: then every Dockerfile,
Dockerfile.*, *.Dockerfile, Containerfile and Containerfile.* directly in
it, names matched in any case (so dockerfile too). The default is
./Dockerfile, or ./dockerfile when there is no Dockerfile, as BuildKit
does. The .dockerignore of the build context (the Dockerfile's folder
unless --context says otherwise; <Dockerfile>.dockerignore wins) is
checked too.

Each finding says where, which rule, how bad, what is wrong and what to do:
  Dockerfile:12:1 SC104 warning: the final stage copies ...; copy the built artifact ...

Silence a rule for one instruction with a comment on the line before it:
  # stagecraft-ignore: SC116
for a whole file with "# stagecraft-ignore-file: SC113", everywhere with
--disable or lint.disable in .stagecraft.yaml. The .stagecraft.yaml used for
a Dockerfile is the nearest one in its folder or above, up to the root of
its repository (the folder with .git); --config FILE names one for all.
The rules are documented in docs/lint.md.

Every path that can be linted is linted and reported, whatever the others.
Exit codes: 0 nothing at or above --severity, 1 findings, 2 usage error, or
a path that is missing, holds no Dockerfile, or cannot be read or parsed
(each named on stderr; 2 wins over 1).`,
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
	f.StringVar(&opts.ConfigFile, "config", "", "read lint.disable from FILE instead of each Dockerfile's nearest .stagecraft.yaml")
	return cmd
}

// lintOptions checks the flags and turns them into lint.Options (without
// any configuration file's lint.disable).
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
	return lint.Options{Severity: sev, Disable: slices.Clone(o.Disable)}, nil
}

func lintRun(opts *LintOptions) error {
	lo, err := opts.lintOptions()
	if err != nil {
		return err
	}
	configs := &lintConfigs{byDir: map[string]lintConfig{}}
	if opts.ConfigFile != "" {
		file, err := loadConfig("", "", opts.ConfigFile)
		if err != nil {
			return err
		}
		disable, err := configDisable(file)
		if err != nil {
			return &ExitError{Code: ExitInput, Err: err}
		}
		configs.fixed = &lintConfig{disable: disable}
	}
	paths := opts.Paths
	if len(paths) == 0 {
		df, ok := defaultDockerfile()
		if !ok {
			return usageErr("no Dockerfile in this folder; pass a Dockerfile or a folder (stagecraft lint path/to/Dockerfile)")
		}
		paths = []string{df}
	}
	if opts.Context != "" {
		if ok, err := lstatDir(opts.Context); err != nil || !ok {
			return usageErr("--context %s: not a folder", opts.Context)
		}
	}

	// Every path that can be linted is, and reported in every format;
	// each one that cannot gets its own line on stderr, and the exit code
	// is 2 (an input error outranks findings).
	stdin := slices.Contains(paths, "-")
	if stdin {
		paths = slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return p == "-" })
	}
	files, errs := lint.Expand(paths)
	failed := len(errs)
	for _, err := range errs {
		fmt.Fprintf(opts.IO.ErrOut, "stagecraft: %v\n", err)
	}
	var all []lint.Finding
	linted := 0
	if stdin {
		fs, err := lintStdin(opts, lo, configs)
		if err != nil {
			failed++
			fmt.Fprintf(opts.IO.ErrOut, "stagecraft: %v\n", err)
		} else {
			all = append(all, fs...)
			linted++
		}
	}
	for _, file := range files {
		cfg := configs.forFile(file)
		if cfg.err != nil {
			failed++
			fmt.Fprintf(opts.IO.ErrOut, "stagecraft: %s: not linted: %v\n", file, cfg.err)
			continue
		}
		fo := lo
		fo.Disable = append(slices.Clone(cfg.disable), lo.Disable...)
		in, err := lint.Load(file, opts.Context)
		if err == nil {
			var fs []lint.Finding
			fs, err = lint.Lint(in, fo)
			all = append(all, fs...)
		}
		if err != nil {
			failed++
			fmt.Fprintf(opts.IO.ErrOut, "stagecraft: %v\n", err)
			continue
		}
		linted++
	}
	lint.Sort(all)
	if err := lint.Write(opts.IO.Out, opts.Format, all, lint.WriteOptions{ToolVersion: versionString()}); err != nil {
		return err
	}
	if opts.Format == "text" {
		line := summary(all, linted, lo.Severity)
		switch {
		case failed > 0 && linted == 0 && len(all) == 0:
			line = fmt.Sprintf("nothing linted: %s could not be linted (see above)", plural(failed, "path", "paths"))
		case failed > 0:
			line += fmt.Sprintf("; %s not linted (see above)", plural(failed, "path", "paths"))
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

// defaultDockerfile is what lint reads without a PATH: ./Dockerfile, or
// ./dockerfile when there is no Dockerfile, as BuildKit does.
func defaultDockerfile() (string, bool) {
	for _, name := range []string{"Dockerfile", "dockerfile"} {
		if info, err := os.Stat(name); err == nil && !info.IsDir() {
			return name, true
		}
	}
	return "", false
}

// lintConfig is the lint section that applies to a Dockerfile.
type lintConfig struct {
	disable []string
	err     error // the configuration file cannot be used
}

// lintConfigs finds the .stagecraft.yaml that applies to each Dockerfile:
// --config when given, else the nearest .stagecraft.yaml in the
// Dockerfile's folder or above it, up to the root of the repository the
// file is in (the first folder with a .git) or the filesystem's root.
// Each folder is looked at once.
type lintConfigs struct {
	fixed *lintConfig
	byDir map[string]lintConfig // absolute folder → its config
}

func (c *lintConfigs) forFile(file string) lintConfig {
	if c.fixed != nil {
		return *c.fixed
	}
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return lintConfig{err: err}
	}
	return c.forDir(dir, filepath.IsAbs(file))
}

func (c *lintConfigs) forDir(dir string, absNames bool) lintConfig {
	if cfg, ok := c.byDir[dir]; ok {
		return cfg
	}
	var cfg lintConfig
	p := filepath.Join(dir, config.FileName)
	if _, err := os.Lstat(p); err == nil || !errors.Is(err, fs.ErrNotExist) {
		cfg = readLintConfig(p, absNames)
	} else if _, err := os.Lstat(filepath.Join(dir, ".git")); err != nil {
		if parent := filepath.Dir(dir); parent != dir {
			cfg = c.forDir(parent, absNames)
		}
	}
	c.byDir[dir] = cfg
	return cfg
}

// readLintConfig reads lint.disable from the config file at the absolute
// path p, naming it relative to the working folder unless absNames.
func readLintConfig(p string, absNames bool) lintConfig {
	name := p
	if wd, err := os.Getwd(); err == nil && !absNames {
		if rel, err := filepath.Rel(wd, p); err == nil {
			name = rel
		}
	}
	dt, err := config.Read(p)
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			ce.File = name
			return lintConfig{err: ce}
		}
		return lintConfig{err: fmt.Errorf("%s: %w", name, err)}
	}
	file, err := config.Parse(name, dt)
	if err != nil {
		return lintConfig{err: err}
	}
	disable, err := configDisable(file)
	return lintConfig{disable: disable, err: err}
}

// configDisable is a config file's lint.disable, checked.
func configDisable(f *config.File) ([]string, error) {
	if f == nil {
		return nil, nil
	}
	if err := (lint.Options{Disable: f.Lint.Disable}).Validate(); err != nil {
		return nil, fmt.Errorf("%s: lint.disable: %w", f.Where("lint.disable"), err)
	}
	return f.Lint.Disable, nil
}

// stdinName names a Dockerfile read from standard input in findings.
const stdinName = "<stdin>"

// lintStdin lints the Dockerfile on standard input with the config of the
// working folder (or --config); its .dockerignore is --context's, and
// without --context the .dockerignore rules do not run.
func lintStdin(opts *LintOptions, lo lint.Options, configs *lintConfigs) ([]lint.Finding, error) {
	cfg := configs.forFile(stdinName)
	if cfg.err != nil {
		return nil, fmt.Errorf("%s: not linted: %w", stdinName, cfg.err)
	}
	dt, err := io.ReadAll(io.LimitReader(opts.IO.In, maxStdinDockerfile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stdinName, err)
	}
	if len(dt) > maxStdinDockerfile {
		return nil, fmt.Errorf("%s: more than %d bytes is too large for a Dockerfile", stdinName, maxStdinDockerfile)
	}
	in := lint.Input{Path: stdinName, Content: dt, NoContext: opts.Context == ""}
	if opts.Context != "" {
		p := filepath.Join(opts.Context, ".dockerignore")
		ig, err := os.ReadFile(p)
		switch {
		case err == nil:
			in.Ignore = &lint.IgnoreFile{Path: p, Content: ig}
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	fo := lo
	fo.Disable = append(slices.Clone(cfg.disable), lo.Disable...)
	return lint.Lint(in, fo)
}

// maxStdinDockerfile caps a Dockerfile read from standard input, as files
// are capped.
const maxStdinDockerfile = 4 << 20

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// summary is the closing line of the text format, on stderr:
// "4 findings (1 error, 2 warnings, 1 info) in 2 files". "info" is a
// mass noun: 1 info, 31 info.
func summary(fs []lint.Finding, files int, min lint.Severity) string {
	if len(fs) == 0 {
		return fmt.Sprintf("no findings at %s or above in %s", min, plural(files, "file", "files"))
	}
	count := map[lint.Severity]int{}
	for _, f := range fs {
		count[f.Severity]++
	}
	var parts []string
	for _, s := range []struct {
		sev       lint.Severity
		one, many string
	}{{lint.Error, "error", "errors"}, {lint.Warning, "warning", "warnings"}, {lint.Info, "info", "info"}} {
		if count[s.sev] > 0 {
			parts = append(parts, plural(count[s.sev], s.one, s.many))
		}
	}
	return fmt.Sprintf("%s (%s) in %s", plural(len(fs), "finding", "findings"), strings.Join(parts, ", "), plural(files, "file", "files"))
}
