package detect

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// scannerCorpus holds sources with the traps a line scanner falls into:
// assignments inside strings, docstrings and comments, calls spanning lines
// with brackets in strings, nested scopes, one-line compound statements.
var scannerCorpus = map[string]string{
	"traps.py": `"""Docstring: app = FastAPI() is not code."""
# app = Flask(__name__)  -- a comment
import os
s = 'app = FastAPI()'
u = r'\d+\'' "and more"
v = """multi
line app = FastAPI()
"""
w = b"app = FastAPI()"
api = fastapi.FastAPI(
    title="x",  # a comment with a )
    description=")(",
)
if True:
    nested = Flask(__name__)
try:
    import uvicorn
except ImportError:
    uvicorn = None
def create_app():
    inner = Flask(__name__)
    return inner
class Config:
    app = FastAPI()
    def method(self):
        x = Flask("no")
async def make_app(): pass
x = 1; y = Starlette()
app2: FastAPI = FastAPI()
lam = lambda: FastAPI()
chained = FastAPI().include_router(r)
a = b = Flask("x")
total += Flask("aug")
p, q = Flask("tuple"), 2
line = \
    Flask(__name__)
match = Flask("soft keyword")
if ready: one_liner = Flask("one")
class C: inline = FastAPI()
@decorator(")")
def decorated(): ...
WSGI_APPLICATION = "mysite.wsgi.application"
ESCAPED = "tab\tquote\"end"
CONCAT = "a" 'b'
FSTR = f"{x!r:>{10}} {'nested'}"
if __name__ == '__main__':
    main()
`,
	"guard_reversed.py": `import sys


def main():
    return 0


if ("__main__" == __name__):
    sys.exit(main())
`,
	"crlf.py":    "import flask\r\napp = flask.Flask(__name__)\r\n\r\nif __name__ == \"__main__\":\r\n    app.run(port=5001)\r\n",
	"unicode.py": "# -*- coding: utf-8 -*-\nnamé = Flask('ünïcode')\n\u00e9t\u00e9 = \"été\"\n",
	"tabs.py":    "if True:\n\tapp = FastAPI()\ndef f():\n\tx = FastAPI()\n",
}

type scanSummary struct {
	Calls     [][]any           `json:"calls"`
	Defs      map[string]int    `json:"defs"`
	MainGuard int               `json:"main_guard"`
	Strings   map[string]string `json:"strings"`
}

func goSummary(src string) scanSummary {
	m := scanPython(src)
	out := scanSummary{Calls: [][]any{}, Defs: m.defs, MainGuard: m.mainGuard, Strings: map[string]string{}}
	for _, c := range m.calls {
		out.Calls = append(out.Calls, []any{float64(c.line), c.target, c.callee})
	}
	for k, v := range m.strings {
		out.Strings[k] = v.value
	}
	return out
}

// pyAST is Python's own view of the same facts, from the ast module. Tests
// only: the product never runs Python.
const pyAST = `
import ast, json, sys
tree = ast.parse(sys.stdin.read())
calls, defs, strs, guard = [], {}, {}, 0
def dotted(n):
    if isinstance(n, ast.Name): return n.id
    if isinstance(n, ast.Attribute):
        d = dotted(n.value)
        return d and d + "." + n.attr
    return None
def is_guard(t):
    if not (isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.Eq)): return False
    l, r = t.left, t.comparators[0]
    name = lambda n: isinstance(n, ast.Name) and n.id == "__name__"
    main = lambda n: isinstance(n, ast.Constant) and n.value == "__main__"
    return (name(l) and main(r)) or (main(l) and name(r))
def walk(body, nested):
    global guard
    for st in body:
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defs.setdefault(st.name, st.lineno)
            continue
        if isinstance(st, ast.ClassDef):
            continue
        if isinstance(st, (ast.Assign, ast.AnnAssign)) and st.value is not None:
            targets = st.targets if isinstance(st, ast.Assign) else [st.target]
            if all(isinstance(t, ast.Name) for t in targets):
                v = st.value
                if isinstance(v, ast.Call) and dotted(v.func):
                    for t in targets: calls.append([st.lineno, t.id, dotted(v.func)])
                elif isinstance(v, ast.Constant) and isinstance(v.value, str):
                    for t in targets: strs[t.id] = v.value
        if isinstance(st, ast.If) and not nested and not guard and is_guard(st.test):
            guard = st.lineno
            continue
        for field in ("body", "orelse", "finalbody"):
            walk(getattr(st, field, []) or [], True)
        for h in getattr(st, "handlers", []) or []:
            walk(h.body, True)
walk(tree.body, False)
print(json.dumps({"calls": calls, "defs": defs, "main_guard": guard, "strings": strs}))
`

func pythonSummary(t *testing.T, py, src string) scanSummary {
	t.Helper()
	cmd := exec.Command(py, "-c", pyAST)
	cmd.Stdin = strings.NewReader(src)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 ast: %v", err)
	}
	var s scanSummary
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestScannerAgreesWithPythonAST checks the Go scanner against Python's own
// parser on the corpus and on every Python file of the examples. It needs a
// python3 (3.9+) and is skipped without one.
func TestScannerAgreesWithPythonAST(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed; the scanner's unit tests still run")
	}
	sources := map[string]string{}
	for k, v := range scannerCorpus {
		sources[k] = v
	}
	examples, _ := filepath.Glob("../examples/python-*")
	for _, ex := range examples {
		filepath.WalkDir(ex, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".py") {
				dt, _ := os.ReadFile(p)
				sources[p] = string(dt)
			}
			return nil
		})
	}
	if len(sources) < len(scannerCorpus)+10 {
		t.Fatalf("only %d sources; the examples are missing", len(sources))
	}
	names := make([]string, 0, len(sources))
	for k := range sources {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		src := sources[name]
		t.Run(name, func(t *testing.T) {
			want := pythonSummary(t, py, src)
			got := goSummary(src)
			if len(want.Calls) == 0 {
				want.Calls = [][]any{}
			}
			if want.Defs == nil {
				want.Defs = map[string]int{}
			}
			if !reflect.DeepEqual(got.Calls, want.Calls) {
				t.Errorf("calls:\n got  %v\n want %v", got.Calls, want.Calls)
			}
			if !reflect.DeepEqual(got.Defs, want.Defs) {
				t.Errorf("defs:\n got  %v\n want %v", got.Defs, want.Defs)
			}
			if got.MainGuard != want.MainGuard {
				t.Errorf("main guard: got line %d, want %d", got.MainGuard, want.MainGuard)
			}
			if want.Strings == nil {
				want.Strings = map[string]string{}
			}
			if !reflect.DeepEqual(got.Strings, want.Strings) {
				t.Errorf("strings:\n got  %q\n want %q", got.Strings, want.Strings)
			}
		})
	}
}

// The same facts, stated by hand, so the scanner is tested without Python too.
func TestScannerTraps(t *testing.T) {
	m := scanPython(scannerCorpus["traps.py"])
	var calls []string
	for _, c := range m.calls {
		calls = append(calls, c.target+"="+c.callee)
	}
	want := []string{"api=fastapi.FastAPI", "nested=Flask", "y=Starlette", "app2=FastAPI", "a=Flask", "b=Flask", "line=Flask", "match=Flask", "one_liner=Flask"}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("calls: got %v, want %v", calls, want)
	}
	if m.defs["create_app"] == 0 || m.defs["make_app"] == 0 || m.defs["decorated"] == 0 {
		t.Errorf("defs: %v", m.defs)
	}
	if _, ok := m.defs["method"]; ok {
		t.Error("a method is not a module-level function")
	}
	if m.mainGuard != 46 {
		t.Errorf("main guard at line %d, want 46", m.mainGuard)
	}
	if got := m.strings["WSGI_APPLICATION"].value; got != "mysite.wsgi.application" {
		t.Errorf("WSGI_APPLICATION = %q", got)
	}
	if got := m.strings["ESCAPED"].value; got != "tab\tquote\"end" {
		t.Errorf("ESCAPED = %q", got)
	}
	if _, ok := m.strings["FSTR"]; ok {
		t.Error("an f-string is not a plain string")
	}
	if _, ok := m.strings["w"]; ok {
		t.Error("bytes are not a string")
	}
}

func TestScannerPEP701FString(t *testing.T) {
	// Python 3.12 lets an f-string nest its own quote; the scanner must not
	// end the string early and see the text after it as code.
	src := "msg = f\"{d[\"k\"]} app = FastAPI()\"\napp = Flask(__name__)\n"
	m := scanPython(src)
	if len(m.calls) != 1 || m.calls[0].target != "app" || m.calls[0].line != 2 {
		t.Fatalf("calls: %+v", m.calls)
	}
}

func TestScannerUnterminated(t *testing.T) {
	// Broken input must not hang or panic, and later lines still count.
	m := scanPython("s = 'unterminated\napp = Flask(__name__)\nt = \"\"\"never closed\n")
	if len(m.calls) != 1 || m.calls[0].line != 2 {
		t.Fatalf("calls: %+v", m.calls)
	}
}

func FuzzScanPython(f *testing.F) {
	for _, src := range scannerCorpus {
		f.Add(src)
	}
	f.Add("f'{")
	f.Add("x = (\n")
	f.Add("\\")
	f.Fuzz(func(t *testing.T, src string) {
		m := scanPython(src)
		for _, c := range m.calls {
			if c.line < 1 || c.line > strings.Count(src, "\n")+strings.Count(src, "\r")+1 {
				t.Fatalf("call %+v on a line outside the source", c)
			}
		}
	})
}
