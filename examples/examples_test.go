// Package examples holds small real applications, one per folder, each with
// the Dockerfile and .dockerignore stagecraft generates for it checked in.
// This test keeps those files current: it fails when regenerating any
// example would change them. Refresh with `go test ./examples -update`.
package examples

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stagecraft/stagecraft/internal/cli"
)

var update = flag.Bool("update", false, "regenerate the examples' files")

func TestExamplesAreCurrent(t *testing.T) {
	dirs, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		n++
		dir := d.Name()
		t.Run(dir, func(t *testing.T) {
			args := []string{"generate", dir, "--check"}
			if *update {
				args = []string{"generate", dir}
			}
			var out, errOut bytes.Buffer
			code := cli.Main(args, cli.Test(nil, &out, &errOut))
			if code != 0 {
				t.Fatalf("stagecraft %v: exit %d\n%s%s", args, code, out.String(), errOut.String())
			}
			if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err != nil && !*update {
				matches, _ := filepath.Glob(filepath.Join(dir, "*", "Dockerfile"))
				if len(matches) == 0 {
					t.Fatalf("%s has no generated Dockerfile checked in", dir)
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no examples found")
	}
}
