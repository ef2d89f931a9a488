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
