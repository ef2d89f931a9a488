// Package cli holds stagecraft's commands. Each command has an options
// struct bound to its flags and a run function tests call without cobra.
package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

const exitCodesHelp = `Exit codes (every command):
  0  success
  1  drift (generate --check), findings (lint) or problems (templates validate)
  2  usage or input error: unsupported stack, no main package, a runtime the
     project cannot use, refusal to overwrite, unreadable or unparseable input`

// NewRootCmd builds the stagecraft command tree.
func NewRootCmd(io *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "stagecraft",
		Short: "Production-grade multi-stage Dockerfiles from your source tree",
		Long: `stagecraft reads a source repository, works out what it is (stack, language
version, package manager, framework, entry point, port) and writes a
multi-stage Dockerfile and .dockerignore: named stages, dependency steps
cached apart from sources, BuildKit cache and secret mounts, a minimal
non-root runtime image. It validates every file with BuildKit's own parser
and lint rules before writing it.

Start with:
  stagecraft detect              what is in this folder, and why
  stagecraft init                answer a few questions, save them in .stagecraft.yaml, write the files
  stagecraft generate --diff     what would be written
  stagecraft generate            write Dockerfile and .dockerignore (reads .stagecraft.yaml; never prompts)

` + exitCodesHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	// `stagecraft --version` prints what `stagecraft version` prints.
	root.Version = versionString()
	root.SetVersionTemplate(fmt.Sprintf("stagecraft %s (%s, %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH))
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("%v (see %s --help)", err, c.CommandPath())
	})
	root.AddCommand(
		NewCmdDetect(io, nil),
		NewCmdGenerate(io, nil),
		NewCmdLint(io, nil),
		NewCmdInit(io, nil),
		NewCmdTemplates(io),
		NewCmdVersion(io),
	)
	return root
}

// Main runs stagecraft with args and returns the exit code.
func Main(args []string, io *IOStreams) int {
	root := NewRootCmd(io)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if asExit(err, &ee) && ee.Err == nil {
		return ee.Code
	}
	fmt.Fprintf(io.ErrOut, "stagecraft: %v\n", err)
	return ExitCode(err)
}
