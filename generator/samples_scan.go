package generator

import (
	"fmt"
	"testing/fstest"

	"github.com/stagecraft/stagecraft/detect"
)

// scannedSample detects a sample project from an in-memory tree, so a
// stack's samples stay what detection really produces as detectors change.
// The trees are stagecraft's own; a tree that stops scanning is a bug that
// TestEmbeddedTemplatesPassCheck reports.
func scannedSample(name string, files map[string]string, o Options) Sample {
	fsys := fstest.MapFS{}
	for p, body := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(body)}
	}
	r, err := detect.Scan(fsys)
	if err != nil || len(r.Projects) == 0 {
		panic(fmt.Sprintf("sample %s does not scan: %v", name, err))
	}
	return Sample{Name: name, Project: r.Projects[0], Options: o}
}
