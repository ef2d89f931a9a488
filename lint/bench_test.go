package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stagecraft/stagecraft/internal/dockerfile"
)

// corpusInputs loads every corpus Dockerfile with its .dockerignore.
func corpusInputs(b *testing.B) []Input {
	b.Helper()
	dirs, err := filepath.Glob(filepath.Join("testdata", "corpus", "*"))
	if err != nil || len(dirs) == 0 {
		b.Fatal("no corpus", err)
	}
	var out []Input
	for _, d := range dirs {
		dt, err := os.ReadFile(filepath.Join(d, "Dockerfile"))
		if err != nil {
			b.Fatal(err)
		}
		in := Input{Path: filepath.Join(d, "Dockerfile"), Content: dt}
		if ig, err := os.ReadFile(filepath.Join(d, ".dockerignore")); err == nil {
			in.Ignore = &IgnoreFile{Path: filepath.Join(d, ".dockerignore"), Content: ig}
		}
		out = append(out, in)
	}
	return out
}

// BenchmarkLint is the whole of stagecraft lint per file: parse, the SC
// rules and BuildKit's linter. ns/op is per corpus file.
func BenchmarkLint(b *testing.B) {
	ins := corpusInputs(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Lint(ins[i%len(ins)], Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStagecraftRules is BuildKit's parser plus the SC rules only.
func BenchmarkStagecraftRules(b *testing.B) {
	ins := corpusInputs(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in := ins[i%len(ins)]
		parsed, err := dockerfile.Parse(in.Content)
		if err != nil {
			b.Fatal(err)
		}
		f, err := newFile(in, parsed)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rules {
			r.check(f, r)
		}
	}
}

// BenchmarkBuildKitLint is dockerfile2llb.DockerfileLint alone.
func BenchmarkBuildKitLint(b *testing.B) {
	ins := corpusInputs(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := dockerfile.Lint(ins[i%len(ins)].Content); err != nil {
			b.Fatal(err)
		}
	}
}
