package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/templates"
)

// The injection property for the Node, Python and Java stacks.
//
// Each injCase is one way a value reaches a template: written into a
// repository's files (then detect.Scan reads it, so the whole path from
// the repository to the template is covered), set into a field of a
// detected project, or passed as an option. For a value v the case is
// rendered twice: with v, and with v's twin, the same value with every
// character that could mean something to a shell, a Dockerfile or a
// program's argument parser replaced by 'x'. The twin cannot inject, so
// its Dockerfile is the structure the template intends for this input;
// v's Dockerfile must be refused with a clear error, or have exactly that
// structure (instructions, flags, argument counts, shell operators and
// options), and its .dockerignore the same lines.

type injCase struct {
	name string
	// tree is the repository with v written into it; nil for cases on a
	// fixed tree (base).
	tree func(v string) map[string]string
	// base is the fixed tree of set/opts cases.
	base map[string]string
	// at is the project to generate (its path), "" for the first.
	at func(v string) string
	// set writes v into the detected project.
	set func(p *detect.Project, v string)
	// opts are the options, with v where the case puts it.
	opts func(v string) Options
	// hidden: the value changes the output without appearing in it (a
	// version constraint, a dependency name).
	hidden bool
	// benign is a value the case must render (default zq7).
	benign string
	// fallback is the tree detection falls back to when it does not use
	// v at all (a start script it cannot read): its structure is allowed
	// too.
	fallback map[string]string
	// freeCmd: v is a command (a start script), so its words are the
	// exec-form CMD's arguments; everything else keeps its structure.
	freeCmd bool
}

// twin replaces every character outside [A-Za-z0-9._/:] with 'x', and ".."
// with "xx", keeping the value's length in characters. (':' means nothing to
// a shell or the Dockerfile parser, and module:object to Python.)
func twin(v string) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '/', r == ':':
			b.WriteRune(r)
		default:
			b.WriteByte('x')
		}
	}
	return strings.ReplaceAll(b.String(), "..", "xx")
}

// outcome is one rendering: skipped (the case cannot hold v, e.g. a file
// name the file system refuses), refused with err, or files.
type outcome struct {
	skip  bool
	err   error
	files []File
}

// runCache keeps a case's renderings by value for the unit tests, where
// many values share a twin (nil when fuzzing: the values never repeat).
type runCache struct {
	mu sync.Mutex
	m  map[string]outcome
}

func (rc *runCache) run(c injCase, v string) outcome {
	if rc == nil {
		return c.run(v)
	}
	rc.mu.Lock()
	o, ok := rc.m[v]
	rc.mu.Unlock()
	if !ok {
		o = c.run(v)
		rc.mu.Lock()
		rc.m[v] = o
		rc.mu.Unlock()
	}
	return o
}

func (c injCase) run(v string) outcome {
	files := c.base
	if c.tree != nil {
		files = c.tree(v)
	}
	return c.render(files, v)
}

func (c injCase) render(files map[string]string, v string) outcome {
	fsys := fstest.MapFS{}
	for name, body := range files {
		if !fs.ValidPath(name) || strings.ContainsRune(name, 0) {
			return outcome{skip: true}
		}
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	r, err := detect.Scan(fsys)
	if err != nil {
		return outcome{err: err}
	}
	p := r.Projects[0]
	if c.at != nil {
		at := c.at(v)
		found := false
		for _, q := range r.Projects {
			if q.Path == at {
				p, found = q, true
			}
		}
		if !found {
			return outcome{err: errors.New("the project moved: " + at)}
		}
	}
	if c.set != nil {
		c.set(&p, v)
	}
	o := Options{Syntax: DefaultSyntax}
	if c.opts != nil {
		o = c.opts(v)
	}
	_, out, err := Generate(p, o, templates.FS())
	return outcome{err: err, files: out}
}

// clearRefusal is an error that tells the user what to fix: an input
// error of the generator, a manifest error of detection, a template error.
func clearRefusal(err error) bool {
	var ie *InputError
	var te *TemplateError
	return errors.As(err, &ie) || errors.As(err, &te) || detect.IsInputError(err)
}

// checkInjection asserts the property for one case and value.
func checkInjection(t *testing.T, c injCase, v string, rc *runCache) {
	t.Helper()
	base := rc.run(c, twin(v))
	if base.skip || base.err != nil {
		return // nothing to compare with: the twin is refused too
	}
	got := rc.run(c, v)
	switch {
	case got.skip:
		return
	case got.err != nil:
		if !clearRefusal(got.err) {
			t.Fatalf("%s, value %q: refused without a clear input error: %T %v", c.name, v, got.err, got.err)
		}
		return
	}
	shapeOf := func(dt []byte) string {
		lines := shape(t, dt)
		if c.freeCmd {
			for i, l := range lines {
				if strings.HasPrefix(l, "CMD ") || strings.HasPrefix(l, "ENTRYPOINT ") {
					l, _, _ = strings.Cut(l, " args=")
					lines[i] = l
				}
			}
		}
		return strings.Join(lines, "\n")
	}
	want, have := shapeOf(base.files[0].Content), shapeOf(got.files[0].Content)
	if want != have && c.fallback != nil {
		if fb := c.render(c.fallback, v); fb.err == nil && !fb.skip && shapeOf(fb.files[0].Content) == have {
			return
		}
	}
	if want != have {
		t.Fatalf("%s, value %q: the value changed the Dockerfile's structure:\nwant (value %q):\n%s\ngot:\n%s\nfile:\n%s", c.name, v, twin(v), want, have, got.files[0].Content)
	}
	sameIgnoreLines(t, base.files[1].Content, got.files[1].Content)
}

// sameIgnoreLines: a value adds no .dockerignore line, and turns no line
// into an exception (!) or a comment (#).
func sameIgnoreLines(t testing.TB, want, got []byte) {
	t.Helper()
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	if len(w) != len(g) {
		t.Fatalf("a value changed the .dockerignore's lines:\nwant:\n%s\ngot:\n%s", want, got)
	}
	for i := range w {
		if strings.HasPrefix(w[i], "!") != strings.HasPrefix(g[i], "!") || strings.HasPrefix(w[i], "#") != strings.HasPrefix(g[i], "#") {
			t.Fatalf("a value changed .dockerignore line %d from %q to %q", i+1, w[i], g[i])
		}
	}
}

// More hostile values for the stacks: option-like words, blanks of every
// kind, separators of the formats the values come from.
var stackHostileValues = []string{
	"--help", "-x", "a b", "a\tb", "a\u2028b", "a\u0085b", "🙂", "x\\", `\\`, "$HOME", "${PATH:-x}",
	"a=b", "@scope/a b", "a/../../b", "./a", "a/", "/abs", "-", ":", "a:b", "a,b", "*", "a*b", "?", "[a]",
	"a\"]\nRUN id\n#", "a'\n", "a\" && id && \"", "'; id; '", "\x7f", "\xff\xfe", strings.Repeat("a", 300),
	"<script>", "a&b", "a|b", "a>b", "a<b", "~", "a~b", "%", "a%b", "!a", "a!b", "{a}", "(a)", "a()",
}

func allHostile() []string {
	return append(append([]string{}, hostileValues...), stackHostileValues...)
}

// testCases runs every hostile value through every case, and checks the
// benign marker renders and (unless hidden) appears in the output, so no
// case is vacuous.
func testCases(t *testing.T, cases []injCase) {
	t.Parallel()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			benign := c.benign
			if benign == "" {
				benign = "zq7"
			}
			o := c.run(benign)
			if o.skip || o.err != nil {
				t.Fatalf("the benign value %q does not render: %v", benign, o.err)
			}
			if !c.hidden && !bytes.Contains(append(o.files[0].Content, o.files[1].Content...), []byte(benign)) {
				t.Fatalf("the benign value %q does not reach the output:\n%s\n%s", benign, o.files[0].Content, o.files[1].Content)
			}
			rc := &runCache{m: map[string]outcome{}}
			for _, v := range allHostile() {
				checkInjection(t, c, v, rc)
			}
		})
	}
}

// fuzzCases is the fuzz target body shared by the stacks.
func fuzzCases(f *testing.F, cases []injCase) {
	// The unit tests run every hostile value through every case; the
	// seeds give each case a few, so the seed run stays short.
	hostile := allHostile()
	for i, c := range cases {
		benign := c.benign
		if benign == "" {
			benign = "zq7"
		}
		f.Add(benign, uint8(i))
		for k := 0; k < 3; k++ {
			f.Add(hostile[(i*3+k)%len(hostile)], uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, v string, which uint8) {
		checkInjection(t, cases[int(which)%len(cases)], v, nil)
	})
}

// Encoders: v written into the syntax of the file it comes from.

func jsonStr(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func tomlStr(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func xmlStr(v string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(v))
	return b.String()
}

// srcStr is a single-quoted string literal of JavaScript, Python or Groovy.
func srcStr(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`)
	return "'" + r.Replace(v) + "'"
}

func with(m map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func withoutFile(m map[string]string, name string) map[string]string {
	out := with(m)
	delete(out, name)
	return out
}

// flagCases put v into every option a user passes, for a stack's tree;
// benign names the options the stack takes, with a value each renders.
func flagCases(stack string, tree map[string]string, base Options, benign map[string]string) []injCase {
	opt := func(edit func(o *Options, v string)) func(string) Options {
		return func(v string) Options {
			o := base
			o.Labels = map[string]string{}
			for k, x := range base.Labels {
				o.Labels[k] = x
			}
			edit(&o, v)
			return o
		}
	}
	all := []struct {
		flag   string
		hidden bool
		edit   func(o *Options, v string)
	}{
		{"--version", true, func(o *Options, v string) { o.Version = v }},
		{"--entrypoint", false, func(o *Options, v string) { o.Entrypoint = v }},
		{"--name", false, func(o *Options, v string) { o.Name = v }},
		{"--label value", false, func(o *Options, v string) { o.Labels["org.opencontainers.image.vendor"] = v }},
		{"--label key", false, func(o *Options, v string) { o.Labels[v] = "x" }},
		{"--secret", false, func(o *Options, v string) { o.Secrets = []string{v} }},
		{"--include", false, func(o *Options, v string) { o.Include = []string{v} }},
		{"--runtime", true, func(o *Options, v string) { o.Runtime = v }},
		{"--stack", true, func(o *Options, v string) { o.Stack = v }},
		{"--syntax", false, func(o *Options, v string) { o.Syntax = v }},
		{"--output", false, func(o *Options, v string) { o.Output = v }},
		{"--private", true, func(o *Options, v string) { o.Private = []string{v} }},
	}
	var out []injCase
	for _, f := range all {
		b, ok := benign[f.flag]
		if !ok {
			continue
		}
		out = append(out, injCase{name: stack + "/" + f.flag, base: tree, hidden: f.hidden, benign: b, opts: opt(f.edit)})
	}
	return out
}

// --port is a number: out of range it is refused; in range it is the
// EXPOSE (and PORT, where the app reads it), with the same structure.
func TestPortFlagEveryStack(t *testing.T) {
	trees := map[string]map[string]string{
		"node":   injNodeServer(`"name": "api", "scripts": {"start": "node server.js"}`),
		"python": {"requirements.txt": "flask==3.1.3\ngunicorn==27.0.1\n", "app.py": injFlask, ".python-version": "3.11\n"},
		"java":   injBootPom("demo", "1.0", "", ""),
		"go":     {"go.mod": "module example.com/a\n\ngo 1.23\n", "main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"},
	}
	for stack, tree := range trees {
		c := injCase{name: stack, base: tree}
		base := c.render(tree, "")
		if base.err != nil {
			t.Fatalf("%s: %v", stack, base.err)
		}
		for _, port := range []int{-1, 1, 80, 8080, 65535, 65536, 1 << 31} {
			c.opts = func(string) Options { return Options{Syntax: DefaultSyntax, Port: port} }
			got := c.run("")
			if port < 1 || port > 65535 {
				var ie *InputError
				if !errors.As(got.err, &ie) {
					t.Errorf("%s --port %d: got %v, want an input error", stack, port, got.err)
				}
				continue
			}
			if got.err != nil {
				t.Fatalf("%s --port %d: %v", stack, port, got.err)
			}
			sameShape(t, base.files[0].Content, got.files[0].Content)
			if !bytes.Contains(got.files[0].Content, []byte("\nEXPOSE "+strconv.Itoa(port)+"\n")) {
				t.Errorf("%s --port %d: no EXPOSE %d:\n%s", stack, port, port, got.files[0].Content)
			}
		}
	}
}
