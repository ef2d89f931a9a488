package generator

import (
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/templates"
)

// go.mod's go line is the floor for --version: an older image's Go would
// refuse the module or fetch another toolchain mid-build.
func TestGoVersionBelowGoLineRefused(t *testing.T) {
	p := goProject()
	p.Go.MinGo, p.Go.MinGoAt = "1.22.3", "go.mod:3"
	for version, refused := range map[string]bool{
		"1.20":   true,
		"1.21.9": true,
		"1.22.2": true,
		"1.22":   false, // the newest 1.22 release
		"1.22.3": false,
		"1.23":   false,
	} {
		_, err := NewPlan(p, Options{Version: version}, templates.FS())
		switch {
		case refused && (err == nil || !strings.Contains(err.Error(), "--version "+version+": go.mod:3 says go 1.22.3, and an older Go refuses to build the module; pass --version 1.22.3 or newer")):
			t.Errorf("--version %s: got %v, want the refusal", version, err)
		case !refused && err != nil:
			t.Errorf("--version %s: %v", version, err)
		}
	}
}
