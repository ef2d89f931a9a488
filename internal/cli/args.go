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
		return usageErr("%s takes one folder (default: the current one), got %d: %s; for several projects use --project or one run each", cmd.CommandPath(), len(args), strings.Join(args, " "))
	}
	return nil
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
