package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
	"github.com/stagecraft/stagecraft/internal/config"
)

// Decisions are the flags shared by generate and init: one per wizard
// question. Zero values are "not given".
type Decisions struct {
	Gen    generator.Options
	Labels []string
	// Images is --image FROM=TO as typed.
	Images []string
	// Output is --output as typed (relative to the working folder).
	Output string
}

// addDecisionFlags binds the per-project decision flags.
func addDecisionFlags(f *pflag.FlagSet, d *Decisions) {
	f.StringVar(&d.Gen.Stack, "stack", "", "the project's stack (go, python, java, node), or a team stack built on it; detected when empty")
	f.StringVar(&d.Gen.Runtime, "runtime", "", "runtime image: distroless, scratch, alpine, slim or nginx (defaults: go distroless; node, python, java slim; static sites nginx)")
	f.StringVar(&d.Gen.Version, "version", "", "language version of the build image, e.g. 1.23.4, 20, 3.12, 21 (default: detected)")
	f.StringVar(&d.Gen.Entrypoint, "entrypoint", "", "what to run (default: detected): go main package ./cmd/api; node file dist/server.js; python module:object, file.py, -m pkg or a console script; java main class or module folder")
	f.Var(portValue{&d.Gen.Port}, "port", "port to EXPOSE, 1-65535 (default: detected; none when unknown)")
	f.StringVar(&d.Gen.Name, "name", "", "image title and binary name (default: from the entry point)")
	f.StringArrayVar(&d.Gen.Secrets, "secret", nil, "build secret id mounted on dependency steps (repeatable): netrc (go, python), npmrc or yarnrc (node), pip or index-url (python), maven or gradle (java)")
	f.StringArrayVar(&d.Gen.Private, "private", nil, "Go private module pattern for GOPRIVATE (repeatable); mounts the netrc secret")
	f.StringArrayVar(&d.Labels, "label", nil, "image label key=value (repeatable)")
	f.StringArrayVar(&d.Images, "image", nil, "replace a base image: FROM=TO, e.g. golang:1.26-bookworm=golang:1.26-bookworm@sha256:… to pin a digest, or a registry mirror (repeatable)")
	f.StringArrayVar(&d.Gen.Include, "include", nil, "path (relative to the project) the runtime image needs beside the binary (repeatable)")
	f.StringVarP(&d.Output, "output", "o", "", "path of the Dockerfile to write; the ignore file goes beside it")
}

// portValue is --port: a number from 1 to 65535, checked as it is parsed
// (so --port 0 is an error, not "not given").
type portValue struct{ p *int }

func (v portValue) String() string {
	if v.p == nil || *v.p == 0 {
		return ""
	}
	return strconv.Itoa(*v.p)
}

func (v portValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 65535 {
		return errors.New("want a port between 1 and 65535")
	}
	*v.p = n
	return nil
}

func (portValue) Type() string { return "int" }

func (d *Decisions) parseLabels() error {
	for _, kv := range d.Images {
		from, to, ok := strings.Cut(kv, "=")
		if !ok || from == "" || to == "" {
			return usageErr("--image %q: want FROM=TO (golang:1.26-bookworm=registry.example/golang:1.26-bookworm)", kv)
		}
		if d.Gen.Images == nil {
			d.Gen.Images = map[string]string{}
		}
		d.Gen.Images[from] = to
	}
	for _, l := range d.Labels {
		k, v, ok := cutLabel(l)
		if !ok {
			return usageErr("--label %q: want key=value", l)
		}
		if d.Gen.Labels == nil {
			d.Gen.Labels = map[string]string{}
		}
		d.Gen.Labels[k] = v
	}
	return nil
}

// loadConfig reads the config: file when given (it must exist), else
// .stagecraft.yaml in root when there is one. It returns nil for none.
func loadConfig(root, dir, file string) (*config.File, error) {
	abs, display := file, file
	if file == "" {
		abs, display = filepath.Join(root, config.FileName), displayFile(dir, config.FileName)
	}
	dt, err := config.Read(abs)
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			ce.File = display
			return nil, &ExitError{Code: ExitInput, Err: ce}
		}
		if file == "" && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if file == "" {
			return nil, usageErr("%s: %v", display, err)
		}
		return nil, usageErr("--config %s: %v", file, err)
	}
	f, err := config.Parse(display, dt)
	if err != nil {
		return nil, &ExitError{Code: ExitInput, Err: err}
	}
	// The whole file is checked, the lint section too: a typo there is
	// found by the command that reads the file first.
	if _, err := configDisable(f); err != nil {
		return nil, &ExitError{Code: ExitInput, Err: err}
	}
	return f, nil
}

// resolve applies flags > STAGECRAFT_* > config > detection: the one place
// generate and init turn what they were given into generator.Options.
func resolve(io *IOStreams, root string, report detect.Report, d Decisions, file *config.File, project string, only []string) ([]config.Resolved, error) {
	flags := d.Gen
	if d.Output != "" {
		out, err := outputPath(root, "--output", d.Output)
		if err != nil {
			return nil, err
		}
		flags.Output = out
	}
	env, err := config.EnvOptions(io.Env)
	if err != nil {
		return nil, &ExitError{Code: ExitInput, Err: err}
	}
	if env.Output != "" {
		out, err := outputPath(root, config.EnvName("output"), env.Output)
		if err != nil {
			return nil, err
		}
		env.Output = out
	}
	rs, err := config.Resolve(config.Request{Report: report, Flags: flags, Env: env, File: file, Project: project, Only: only})
	if err != nil {
		return nil, &ExitError{Code: ExitInput, Err: err}
	}
	return rs, nil
}

// generateAll renders and validates every resolved project; an error names
// where the offending value came from (flag, variable or config line).
func generateAll(root string, rs []config.Resolved, tfs fs.FS) ([]generated, error) {
	var all []generated
	for _, r := range rs {
		plan, files, err := generator.Generate(r.Project, r.Options, tfs)
		// plan.Project: --stack may have picked another stack's app from
		// the same folder.
		if err == nil {
			err = checkIncludes(root, plan.Project, r.Options.Include, &plan)
		}
		if err == nil {
			err = checkEntrypoint(root, plan.Project, r.Options.Entrypoint, &plan)
		}
		if err != nil {
			return nil, &ExitError{Code: ExitInput, Err: withTemplateSource(tfs, r.Explain(err))}
		}
		plan.Reasons = r.ExplainReasons(plan.Reasons)
		plan.Notices = r.ExplainReasons(plan.Notices)
		all = append(all, generated{plan: plan, files: files})
	}
	return all, nil
}

// checkIncludes makes sure every --include path is in the project when
// the Dockerfile copies it from the build context, where a missing path
// fails the build. A path copied from the build stage (a Node build) may
// be a build output, so a missing one is only a notice.
func checkIncludes(root string, p detect.Project, include []string, plan *generator.Plan) error {
	for _, inc := range include {
		if exists(filepath.Join(root, filepath.FromSlash(p.Path), filepath.FromSlash(inc))) {
			continue
		}
		where := "the project"
		if p.Path != "." && p.Path != "" {
			where = p.Path + "/"
		}
		if plan.BuildOutputs {
			msg := fmt.Sprintf("--include %s: not in %s; the runtime stage copies it from the build stage, so the build must produce it", inc, where)
			plan.Reasons = append(plan.Reasons, msg)
			plan.Notices = append(plan.Notices, msg)
			continue
		}
		return &generator.InputError{Msg: fmt.Sprintf("--include %s: no such file or folder in %s (paths are relative to the project folder)", inc, where)}
	}
	return nil
}

// loadTemplates returns tfs when it is set, else the template set src
// names, with the config's templates: as the level below the flag and the
// variable (a relative folder there is relative to the config file).
func loadTemplates(io *IOStreams, tfs fs.FS, src TemplateSource, file *config.File, root, configFlag string) (fs.FS, error) {
	if tfs != nil {
		return tfs, nil
	}
	if file != nil && src.Config == "" && file.Templates != "" {
		src.Config = file.Templates
		src.ConfigDir = root
		if configFlag != "" {
			if abs, err := filepath.Abs(configFlag); err == nil {
				src.ConfigDir = filepath.Dir(abs)
			}
		}
	}
	set, err := src.Load(io)
	if err != nil {
		return nil, err
	}
	return set, nil
}

// exists reports whether abs is there (as anything).
func exists(abs string) bool {
	_, err := os.Lstat(abs)
	return err == nil
}
