package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/stagecraft/stagecraft/detect"
)

// DetectOptions are the inputs of `stagecraft detect`.
type DetectOptions struct {
	IO   *IOStreams
	Dir  string
	JSON bool
}

func NewCmdDetect(io *IOStreams, runF func(*DetectOptions) error) *cobra.Command {
	opts := &DetectOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "detect [DIR]",
		Short: "Report what a source tree holds, and the evidence for it",
		Long: `detect inspects DIR (default: the current folder) and reports each project
it finds: stack, language version, package manager, framework, entry point,
port and the runtimes it can use, with the file and line behind each value.
It reads only; it never writes.`,
		Example: `  stagecraft detect
  stagecraft detect ./services --json | jq '.projects[].entrypoint'`,
		Args: oneFolderArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = argDir(args)
			if runF != nil {
				return runF(opts)
			}
			return detectRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the report as JSON (a stable shape for scripts)")
	return cmd
}

func argDir(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return "."
}

// scanDir runs detection over dir, turning the outcome into exit codes.
func scanDir(dir string) (string, detect.Report, error) {
	root, err := projectDir(dir)
	if err != nil {
		return "", detect.Report{}, err
	}
	report, err := scanRoot(dir, root)
	return root, report, err
}

// projectDir is dir made absolute; a usage error when it is not a folder.
func projectDir(dir string) (string, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return "", usageErr("%s: %v", dir, err)
	}
	info, err := os.Stat(root)
	if err != nil {
		return "", usageErr("%s: no such folder", dir)
	}
	if !info.IsDir() {
		return "", usageErr("%s is a file; give the project's folder", dir)
	}
	return root, nil
}

// scanRoot runs detection over the folder root (dir as the user wrote it).
func scanRoot(dir, root string) (detect.Report, error) {
	report, err := detect.Scan(os.DirFS(root))
	report.Root = dir
	if err != nil {
		return report, &ExitError{Code: ExitInput, Err: fmt.Errorf("%s: %w", dir, err)}
	}
	return report, nil
}

func detectRun(opts *DetectOptions) error {
	// A folder that is not there is a usage error with nothing on stdout.
	root, err := projectDir(opts.Dir)
	if err != nil {
		return err
	}
	report, err := scanRoot(opts.Dir, root)
	if err != nil {
		if opts.JSON && len(report.Projects) == 0 {
			// A scanned tree with nothing to build: scripts still get a
			// document, and the error on stderr.
			_ = writeJSON(opts.IO.Out, report)
		}
		return err
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, report)
	}
	printReport(opts.IO.Out, report)
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// The value column of detect's text output is at least evidenceColumnMin
// wide and at most evidenceColumnMax: a longer value puts its evidence on
// the next line, in the same column.
const (
	evidenceColumnMin = 19
	evidenceColumnMax = 40
)

func printReport(w io.Writer, r detect.Report) {
	for i, p := range r.Projects {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s project at %s\n", p.Stack, p.Path)
		type row struct{ label, value, why string }
		var rows []row
		add := func(label, value, field string) {
			if value == "" {
				value = "-"
			}
			var why []string
			for _, e := range p.Evidence {
				if e.Field == field {
					why = append(why, fmt.Sprintf("%s (%s)", e.Where(), e.Detail))
				}
			}
			rows = append(rows, row{label, value, strings.Join(why, "; ")})
		}
		add("language version", p.LanguageVersion, "language_version")
		add("package manager", p.PackageManager, "package_manager")
		add("framework", p.Framework, "framework")
		add("entry point", p.Entrypoint, "entrypoint")
		port := "unknown"
		if p.Port != nil {
			port = fmt.Sprint(*p.Port)
		}
		add("port", port, "port")
		if p.Go != nil && p.Go.CGO {
			add("cgo", "on", "cgo")
		}
		if len(p.RuntimeFiles) > 0 {
			add("runtime files", strings.Join(p.RuntimeFiles, ", "), "runtime_files")
		}
		// The evidence starts in one column: after the longest value that
		// has evidence, within evidenceColumnMin..evidenceColumnMax.
		width := evidenceColumnMin
		for _, r := range rows {
			if r.why != "" && len(r.value) <= evidenceColumnMax {
				width = max(width, len(r.value))
			}
		}
		for _, r := range rows {
			switch {
			case r.why == "":
				fmt.Fprintf(w, "  %-17s %s\n", r.label, r.value)
			case len(r.value) > width:
				fmt.Fprintf(w, "  %-17s %s\n  %-17s %-*s  from %s\n", r.label, r.value, "", width, "", r.why)
			default:
				fmt.Fprintf(w, "  %-17s %-*s  from %s\n", r.label, width, r.value, r.why)
			}
		}
		fmt.Fprintf(w, "  %-17s %s\n", "runtimes", strings.Join(p.Runtimes, ", "))
		// Runtimes excluded for the same reason share one line.
		for i := 0; i < len(p.RuntimesExcluded); {
			names := []string{p.RuntimesExcluded[i].Runtime}
			j := i + 1
			for j < len(p.RuntimesExcluded) && p.RuntimesExcluded[j].Reason == p.RuntimesExcluded[i].Reason {
				names = append(names, p.RuntimesExcluded[j].Runtime)
				j++
			}
			fmt.Fprintf(w, "  %-17s %s: %s\n", "", "not "+strings.Join(names, ", "), p.RuntimesExcluded[i].Reason)
			i = j
		}
		if len(p.EntrypointCandidates) > 1 {
			fmt.Fprintf(w, "  %-17s %s\n", "other entries", strings.Join(p.EntrypointCandidates[1:], ", "))
		}
		for _, warn := range p.Warnings {
			fmt.Fprintf(w, "  warning: %s\n", warn)
		}
	}
	if len(r.Languages) > 0 {
		parts := make([]string, 0, len(r.Languages))
		for _, l := range r.Languages {
			parts = append(parts, fmt.Sprintf("%s %.1f%%", l.Name, l.Percent))
		}
		fmt.Fprintf(w, "\nlanguages: %s\n", strings.Join(parts, ", "))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
}
