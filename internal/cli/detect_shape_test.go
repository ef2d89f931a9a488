package cli

import (
	"bytes"
	"encoding/json"
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
