package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// Argument checks that say what the command takes, not just how many
// arguments cobra counted.

// oneFolderArg allows DIR or nothing (the current folder).
func oneFolderArg(cmd *cobra.Command, args []string) error {
	if len(args) > 1 {
		hint := ""
		if cmd.Flags().Lookup("project") != nil {
			hint = "; for one project of several use --project"
		}
		return usageErr("%s takes one folder (default: the current one), got %d: %s%s", cmd.CommandPath(), len(args), strings.Join(args, " "), hint)
	}
	return nil
}

// noArgs refuses arguments to a command that takes none.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErr("%s takes no arguments, got: %s (see %s --help)", cmd.CommandPath(), strings.Join(args, " "), cmd.CommandPath())
	}
	return nil
}

// atMostOne allows one argument, named what, or none.
func atMostOne(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 1 {
			return usageErr("%s takes at most %s, got %d: %s", cmd.CommandPath(), what, len(args), strings.Join(args, " "))
		}
		return nil
	}
}

// exactlyOne wants one argument, named what, as in example.
func exactlyOne(what, example string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usageErr("%s takes %s, e.g. `%s`", cmd.CommandPath(), what, example)
		}
		return nil
	}
}
