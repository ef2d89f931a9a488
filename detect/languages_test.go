package detect

import (
	"testing"

	"github.com/go-enry/go-enry/v2"
)

// The cached filter must agree with enry's own checks on the paths real
// repositories hold.
func TestPathFilterAgreesWithEnry(t *testing.T) {
	paths := []string{
		"vendor/github.com/x/y.go", "node_modules/a/index.js", "docs/guide/intro.js", "doc/x.go",
		"src/test/java/AppTest.java", "test/helpers.py", "tests/test_app.py", "spec/models/user_spec.rb",
		"web/static/js/jquery.min.js", "web/static/js/jquery-3.7.1.js", "public/bootstrap.min.js",
		"cmd/server/main.go", "internal/api/handler.go", "app/components/Button.tsx", "src/app.test.ts",
		"Godeps/_workspace/src/x.go", "third_party/lib/a.c", "deps/x.c", "bower_components/a/b.js",
		"examples/demo/main.go", "samples/a.py", "CHANGELOG.md", "README.md", "dist/bundle.js",
		"app/assets/javascripts/modernizr.js", "src/main/java/com/acme/App.java", "foo/__tests__/x.js",
		"pkg/util_test.go", "lib/backbone.js", "cache/x.go", "a/.github/workflows/x.js", "a/b/c/d/e/f.go",
	}
	f := newPathFilter()
	for _, p := range paths {
		want := enry.IsVendor(p) || enry.IsDocumentation(p) || enry.IsTest(p)
		if got := f.excluded(p); got != want {
			t.Errorf("%s: filter says %v, enry says %v", p, got, want)
		}
	}
}

// Extensions enry finds ambiguous (.ts is TypeScript or Qt's XML
// translations, .h is C, C++ or Objective-C, .rs is Rust, RenderScript or
// XML) still count: by the one programming language among the
// candidates, or by the file's content when there are several.
func TestLanguagesWithAmbiguousExtensions(t *testing.T) {
	ix, err := newIndex(mapFS(map[string]string{
		"package.json":   `{"name": "x"}`,
		"src/index.ts":   "import express from 'express';\nconst app = express();\napp.listen(3000);\n",
		"src/types.d.ts": "export interface User { id: number; name: string }\n",
		"src/view.tsx":   "export const App = () => <div>hi</div>;\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	got := languageStats(ix)
	names := map[string]bool{}
	for _, l := range got {
		names[l.Name] = true
	}
	if !names["TypeScript"] || !names["TSX"] || len(got) != 2 {
		t.Errorf("languages %+v, want TypeScript and TSX", got)
	}

	ix, err = newIndex(mapFS(map[string]string{
		"native/add.h":  "#ifndef ADD_H\n#define ADD_H\nint add(int a, int b);\n#endif\n",
		"native/add.c":  "#include \"add.h\"\nint add(int a, int b) { return a + b; }\n",
		"src/main.rs":   "fn main() {\n    let v: Vec<i32> = vec![1, 2];\n    println!(\"{:?}\", v);\n}\n",
		"gfx/blur.rs":   "#pragma version(1)\n#pragma rs java_package_name(com.example)\nuchar4 RS_KERNEL blur(uchar4 in) { return in; }\n",
		"cmd/x/main.go": "package main\n\nfunc main() {}\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	got = languageStats(ix)
	names = map[string]bool{}
	for _, l := range got {
		names[l.Name] = true
	}
	if !names["C"] || !names["Rust"] || !names["Go"] || !names["RenderScript"] {
		t.Errorf("languages %+v, want C, Rust, RenderScript and Go", got)
	}
}
