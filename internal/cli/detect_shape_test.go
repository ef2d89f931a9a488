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

	"github.com/stagecraft/stagecraft/detect"
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

// In detect's text output the evidence ("from …") of every row of a
// project starts in one column, however long the values (Java main
// classes are long).
func TestDetectTextEvidenceColumnAligned(t *testing.T) {
	for _, ex := range []string{"java-maven-multimodule", "java-maven-spring", "java-gradle-kts", "node-express", "go-api", "python-django-poetry"} {
		var out, errOut bytes.Buffer
		if code := Main([]string{"detect", "../../examples/" + ex}, Test(nil, &out, &errOut)); code != 0 {
			t.Fatalf("%s: exit %d: %s", ex, code, errOut.String())
		}
		col := -1
		for _, line := range strings.Split(out.String(), "\n") {
			i := strings.Index(line, " from ")
			if i < 0 || !strings.HasPrefix(line, "  ") {
				continue
			}
			if col < 0 {
				col = i
			} else if i != col {
				t.Errorf("%s: \"from\" at column %d, want %d:\n%s", ex, i, col, out.String())
				break
			}
		}
		if col < 0 {
			t.Errorf("%s: no evidence column:\n%s", ex, out.String())
		}
	}
}

// A value longer than the column puts its evidence on the next line, in
// the column.
func TestDetectTextLongValueEvidenceOnNextLine(t *testing.T) {
	port := 8080
	long := "com.example.hello.verylongpackagename.subsystem.App"
	var out bytes.Buffer
	printReport(&out, detect.Report{Projects: []detect.Project{{
		Path: ".", Stack: "java", LanguageVersion: "21", Entrypoint: long, Port: &port,
		Evidence: []detect.Evidence{
			{Field: "language_version", File: "pom.xml", Line: 3, Detail: "<java.version>21"},
			{Field: "entrypoint", File: "pom.xml", Line: 9, Detail: "main class"},
			{Field: "port", File: "application.properties", Line: 1, Detail: "server.port=8080"},
		},
	}}})
	lines := strings.Split(out.String(), "\n")
	var cols []int
	for i, l := range lines {
		if strings.Contains(l, long) && !strings.Contains(l, " from ") {
			if !strings.HasPrefix(strings.TrimSpace(lines[i+1]), "from pom.xml:9 (main class)") {
				t.Errorf("the long value's evidence is not on the next line:\n%s", out.String())
			}
		}
		if i := strings.Index(l, " from "); i >= 0 {
			cols = append(cols, i)
		}
	}
	if len(cols) != 3 || cols[0] != cols[1] || cols[1] != cols[2] {
		t.Errorf("evidence columns %v:\n%s", cols, out.String())
	}
}
