package cli

import (
	"flag"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// update rewrites the testscripts' expected output files (cmp targets) with
// what the commands print now: go test ./... -update.
var update = flag.Bool("update", false, "update testscript golden files")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"stagecraft": func() { os.Exit(Main(os.Args[1:], System())) },
	})
}

// TestScripts runs the CLI end to end from testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update || os.Getenv("UPDATE_SCRIPTS") == "1",
	})
}
