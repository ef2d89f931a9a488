package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stagecraft/stagecraft/generator"
	"github.com/stagecraft/stagecraft/internal/tplsource"
	"github.com/stagecraft/stagecraft/templates"
)

// TemplatesEnv names the environment variable that sets the template source.
const TemplatesEnv = "STAGECRAFT_TEMPLATES"

// TemplateSource says where a rendering command takes its templates from:
// --templates, else $STAGECRAFT_TEMPLATES, else templates: in
// .stagecraft.yaml, else only the embedded set. A source is a folder or a
// git repository; its files are laid over the embedded ones.
type TemplateSource struct {
	// Flag is --templates.
	Flag string
	// Offline (--offline) takes git sources from the cache only.
	Offline bool
	// Config is the templates: value of .stagecraft.yaml, and ConfigDir the
	// folder of that file: a relative folder in it is relative to the file.
	Config    string
	ConfigDir string
	// CacheDir overrides where git sources are cached ("" is the user
	// cache folder, e.g. ~/.cache/stagecraft/templates).
	CacheDir string
}

// addTemplateFlags adds --templates and --offline to fs: the flags of the
// commands that render or list templates (generate, init, templates list,
// show and validate), and of no other, so `detect --templates` is an error
// instead of a flag that does nothing.
func addTemplateFlags(fs *pflag.FlagSet) {
	fs.String("templates", "", "team templates laid over the embedded ones: a folder, or a git URL (https://, ssh://, git@, file://) with #tag, #branch or #commit (env "+TemplatesEnv+")")
	fs.Bool("offline", false, "take git template sources from the cache only; never fetch")
}

// readTemplateFlags sets t from cmd's template flags.
func readTemplateFlags(cmd *cobra.Command, t *TemplateSource) {
	t.Flag, _ = cmd.Flags().GetString("templates")
	t.Offline, _ = cmd.Flags().GetBool("offline")
}

// Spec is the source to use and where it was set ("" for the embedded set).
func (t TemplateSource) Spec(io *IOStreams) (spec, from string) {
	if t.Flag != "" {
		return t.Flag, "--templates"
	}
	if v, ok := io.Env(TemplatesEnv); ok && v != "" {
		return v, TemplatesEnv
	}
	if t.Config != "" {
		spec := t.Config
		if !tplsource.IsGit(spec) && !filepath.IsAbs(spec) && t.ConfigDir != "" {
			spec = filepath.Join(t.ConfigDir, spec)
		}
		return spec, "templates: in the config file"
	}
	return "", ""
}

// Load resolves the source (fetching a git source into the cache) and lays
// it over the embedded templates. Warnings go to stderr.
func (t TemplateSource) Load(io *IOStreams) (*tplsource.FS, error) {
	spec, from := t.Spec(io)
	return t.load(io, spec, from)
}

func (t TemplateSource) load(io *IOStreams, spec, from string) (*tplsource.FS, error) {
	if spec == "" {
		set, err := tplsource.Load(templates.FS(), nil)
		if err != nil {
			return nil, err
		}
		return set, nil
	}
	src, err := tplsource.Resolve(context.Background(), spec, tplsource.Options{Offline: t.Offline, CacheDir: t.CacheDir})
	if err != nil {
		return nil, &ExitError{Code: ExitInput, Err: fmt.Errorf("%s (from %s)", err, from)}
	}
	for _, w := range src.Warnings {
		fmt.Fprintf(io.ErrOut, "warning: %s\n", w)
	}
	set, err := tplsource.Load(templates.FS(), src)
	if err != nil {
		return nil, &ExitError{Code: ExitInput, Err: err}
	}
	return set, nil
}

// withTemplateSource adds the team source to an error about a template, so
// the user knows which repository holds the file to fix.
func withTemplateSource(tfs fs.FS, err error) error {
	set, ok := tfs.(*tplsource.FS)
	if !ok || set.Source == nil {
		return err
	}
	var te *generator.TemplateError
	var ve *generator.ValidationError
	if !errors.As(err, &te) && !errors.As(err, &ve) {
		return err
	}
	return fmt.Errorf("%w\n(team templates: %s)", err, sourceLine(set)[len("templates: team files from "):])
}
