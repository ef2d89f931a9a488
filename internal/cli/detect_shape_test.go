package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// detect --json has one shape for every stack: scripts written against a
// Go repository must not break on a Node one. Only the stack's own detail
// object (go, node, python, java) differs.
func TestDetectJSONShapeIsTheSameForEveryStack(t *testing.T) {
	stackKeys := []string{"go", "node", "python", "java"}
	var want []string
	for _, ex := range []string{"go-api", "node-express", "python-flask-pip", "java-maven-spring"} {
		var out, errOut bytes.Buffer
		if code := Main([]string{"detect", "--json", "../../examples/" + ex}, Test(nil, &out, &errOut)); code != 0 {
			t.Fatalf("%s: exit %d: %s", ex, code, errOut.String())
		}
		var doc struct {
			Projects []map[string]json.RawMessage `json:"projects"`
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Projects) != 1 {
			t.Fatalf("%s: %v %s", ex, err, out.String())
		}
		var keys []string
		for k := range doc.Projects[0] {
			if !slices.Contains(stackKeys, k) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		if want == nil {
			want = keys
			for _, k := range []string{"path", "stack", "language_version", "package_manager", "framework", "entrypoint", "port", "runtimes", "evidence", "warnings"} {
				if !slices.Contains(keys, k) {
					t.Fatalf("%s: no %q in %v", ex, k, keys)
				}
			}
			continue
		}
		if strings.Join(keys, ",") != strings.Join(want, ",") {
			t.Errorf("%s: keys %v, want %v", ex, keys, want)
		}
	}
}

// detect --json never prints null for a list: every list is [] when empty
// (only an unknown port is null), for every example and for a folder with
// nothing in it.
func TestDetectJSONHasNoNullLists(t *testing.T) {
	dirs, _ := filepath.Glob("../../examples/*")
	dirs = append(dirs, t.TempDir())
	n := 0
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		n++
		var out, errOut bytes.Buffer
		Main([]string{"detect", "--json", dir}, Test(nil, &out, &errOut))
		var doc any
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v\n%s%s", dir, err, out.String(), errOut.String())
		}
		for _, p := range nullPaths(doc, "") {
			if !strings.HasSuffix(p, ".port") {
				t.Errorf("%s: %s is null", dir, p)
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d folders", n)
	}
}

func nullPaths(v any, at string) []string {
	switch v := v.(type) {
	case nil:
		return []string{at}
	case map[string]any:
		var out []string
		for k, x := range v {
			out = append(out, nullPaths(x, at+"."+k)...)
		}
		return out
	case []any:
		var out []string
		for i, x := range v {
			out = append(out, nullPaths(x, fmt.Sprintf("%s[%d]", at, i))...)
		}
		return out
	}
	return nil
}
