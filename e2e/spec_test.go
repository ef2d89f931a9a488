package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/internal/testtree"
)

// TestExampleSpecs checks every example's e2e.json without an engine, so a
// broken or missing spec fails the ordinary unit tests.
func TestExampleSpecs(t *testing.T) {
	examples, err := Discover(filepath.Join("..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) == 0 {
		t.Fatal("no examples found")
	}
	for _, ex := range examples {
		if ex.Spec.Skip != "" {
			t.Logf("%s: not built by the e2e suite: %s", ex.Name, ex.Spec.Skip)
		}
	}
}

const goodSpec = `{
  "expect": "hello",
  "edit": {"file": "main.go", "from": "\"hello\"", "to": "\"hi\"", "expect": "hi"},
  "deps_step": "go mod download",
  "max_size_mb": 20,
  "absent": ["**/*.go"],
  "variants": [{"name": "distroless"}, {"name": "slim", "args": ["--runtime", "slim"], "max_size_mb": 90, "absent": ["usr/bin/apt"]}]
}`

func TestLoadSpec(t *testing.T) {
	dir := testtree.Write(t, map[string]string{"main.go": `package main; const s = "hello"`, SpecFile: goodSpec})
	s, err := LoadSpec(dir)
	if err != nil {
		t.Fatal(err)
	}
	vs := s.AllVariants()
	if len(vs) != 2 || vs[0].MaxSizeMB != 20 || vs[1].MaxSizeMB != 90 {
		t.Fatalf("variants %+v: want the spec's budget inherited and the variant's own kept", vs)
	}
	last := vs[1].Absent[len(vs[1].Absent)-2:]
	if last[0] != "**/*.go" || last[1] != "usr/bin/apt" || vs[1].Absent[0] != DefaultAbsent[0] {
		t.Errorf("absent list %v: want defaults, then the spec's, then the variant's", vs[1].Absent)
	}
	if s.URLPath() != "/" {
		t.Errorf("path %q, want /", s.URLPath())
	}

	one := testtree.Write(t, map[string]string{"main.go": `"hello"`, SpecFile: `{"expect":"hello","edit":{"file":"main.go","from":"hello","to":"bye","expect":"bye"},"deps_step":"npm ci","max_size_mb":5}`})
	s, err = LoadSpec(one)
	if err != nil {
		t.Fatal(err)
	}
	if vs := s.AllVariants(); len(vs) != 1 || vs[0].Name != "default" || vs[0].MaxSizeMB != 5 {
		t.Errorf("no variants: got %+v, want one named default", vs)
	}
}

func TestLoadSpecRejects(t *testing.T) {
	for name, c := range map[string]struct{ spec, want string }{
		"unknown field":   {strings.Replace(goodSpec, `"expect": "hello",`, `"expect": "hello", "budget": 3,`, 1), `unknown field "budget"`},
		"no expect":       {strings.Replace(goodSpec, `"expect": "hello",`, ``, 1), "expect: the text"},
		"edit not found":  {strings.Replace(goodSpec, `"from": "\"hello\""`, `"from": "nowhere"`, 1), `edit.from "nowhere": not found`},
		"edit outside":    {strings.Replace(goodSpec, `"file": "main.go"`, `"file": "../main.go"`, 1), "want a path inside"},
		"same expect":     {strings.Replace(goodSpec, `"to": "\"hi\"", "expect": "hi"`, `"to": "\"hi\"", "expect": "hell"`, 1), "must not already be in expect"},
		"no budget":       {strings.Replace(goodSpec, `"max_size_mb": 20,`, ``, 1), "variant distroless: max_size_mb"},
		"twice":           {strings.Replace(goodSpec, `{"name": "slim"`, `{"name": "distroless"`, 1), `name "distroless" twice`},
		"bad variant":     {strings.Replace(goodSpec, `{"name": "slim"`, `{"name": "Slim Image"`, 1), `name "Slim Image"`},
		"bad pattern":     {strings.Replace(goodSpec, `"usr/bin/apt"`, `"/usr/bin/[apt"`, 1), "absent pattern"},
		"no deps step":    {strings.Replace(goodSpec, `"deps_step": "go mod download",`, ``, 1), "deps_step"},
		"bad secret":      {strings.Replace(goodSpec, `"deps_step"`, `"secret": {"id": "Net RC"}, "deps_step"`, 1), `secret.id "Net RC"`},
		"trailing values": {goodSpec + "{}", "more than one JSON value"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := testtree.Write(t, map[string]string{"main.go": `package main; const s = "hello"`, SpecFile: c.spec})
			_, err := LoadSpec(dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v; want one containing %q", err, c.want)
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	root := testtree.Write(t, map[string]string{
		"b-app/main.go":      `package main; const s = "hello"`,
		"b-app/" + SpecFile:  goodSpec,
		"a-java/" + SpecFile: `{"skip": "dependencies come from Maven Central"}`,
		"c-new/main.go":      "package main",
		"README.md":          "not an example",
	})
	examples, err := Discover(root)
	if err == nil || !strings.Contains(err.Error(), "examples/c-new has no e2e.json") {
		t.Errorf("error %v; want one naming the example without a spec", err)
	}
	if len(examples) != 2 || examples[0].Name != "a-java" || examples[1].Name != "b-app" || examples[0].Spec.Skip == "" {
		t.Errorf("examples %+v: want a-java (skipped) and b-app, sorted", examples)
	}
}
