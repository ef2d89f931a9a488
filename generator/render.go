package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

// File is one rendered file, its path relative to the scanned root.
type File struct {
	Path    string
	Content []byte
}

// TemplateError is a template that fails to load or render, with the
// template file and line to fix.
type TemplateError struct {
	File string
	Line int
	Err  error
}

func (e *TemplateError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *TemplateError) Unwrap() error { return e.Err }

// Functions that would make rendering depend on the machine, the clock or
// chance. sprig's hermetic map drops most; these remain in it.
var nonHermetic = []string{
	"env", "expandenv", "getHostByName", "ago", "now", "date", "dateInZone", "date_in_zone",
	"dateModify", "date_modify", "mustDateModify", "must_date_modify", "htmlDate", "htmlDateInZone",
	"genPrivateKey", "genCA", "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey",
	"genSignedCert", "genSignedCertWithKey", "encryptAES", "decryptAES", "bcrypt", "htpasswd",
	"randInt", "randAlpha", "randAlphaNum", "randAscii", "randNumeric", "randBytes", "uuidv4", "shuffle",
}

// FuncMap is what templates may call: sprig's hermetic functions plus the
// quoting helpers of stagecraft.
func FuncMap() template.FuncMap {
	fm := sprig.HermeticTxtFuncMap()
	for _, name := range nonHermetic {
		delete(fm, name)
	}
	fm["dockerQuote"] = dockerQuote
	fm["shellQuote"] = shellQuote
	fm["execForm"] = execForm
	return fm
}

// dockerQuote quotes a value for a Dockerfile LABEL or ENV: double quotes,
// with backslash, quote and $ escaped so nothing is expanded.
func dockerQuote(s string) (string, error) {
	if strings.ContainsAny(s, "\r\n\x00") {
		return "", fmt.Errorf("value %q spans lines; refused", s)
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`)
	return `"` + r.Replace(s) + `"`, nil
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellQuote quotes a value as one POSIX shell word.
func shellQuote(s string) (string, error) {
	if strings.ContainsAny(s, "\r\n\x00") {
		return "", fmt.Errorf("value %q spans lines; refused", s)
	}
	if s != "" && shellSafe.MatchString(s) {
		return s, nil
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'", nil
}

// execForm renders arguments as a JSON array for exec-form CMD/ENTRYPOINT.
func execForm(args ...string) (string, error) {
	var b strings.Builder
	b.WriteByte('[')
	for i, a := range args {
		if strings.ContainsAny(a, "\r\n\x00") {
			return "", fmt.Errorf("argument %q spans lines; refused", a)
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(a))
	}
	b.WriteByte(']')
	return b.String(), nil
}

// Render renders the plan's stack templates from tfs into the Dockerfile
// and ignore file. Nothing touches the disk.
func Render(plan Plan, tfs fs.FS) ([]File, error) {
	ts, err := loadTemplates(tfs, plan.Stack)
	if err != nil {
		return nil, err
	}
	df, err := ts.execute(plan.Stack+"/Dockerfile.tmpl", plan.Values)
	if err != nil {
		return nil, err
	}
	ig, err := ts.execute(plan.Stack+"/dockerignore.tmpl", plan.Values)
	if err != nil {
		return nil, err
	}
	return []File{{Path: plan.Dockerfile, Content: df}, {Path: plan.Ignorefile, Content: ig}}, nil
}

// templateSet is one stack's parsed templates and the text they came from.
type templateSet struct {
	t       *template.Template
	sources map[string]string
	tfs     fs.FS
}

// layered is a template set built from layers (team files over embedded
// ones, see internal/tplsource); files of higher layers are parsed last, so
// a team partial that redefines a {{define}} replaces the embedded one.
type layered interface {
	Layer(name string) int
}

// displayNamer is a template set that names files as the user should look
// for them (a team file inside the team's folder).
type displayNamer interface {
	DisplayName(name string) string
}

// DisplayName is the name of template file name in messages.
func DisplayName(tfs fs.FS, name string) string {
	if d, ok := tfs.(displayNamer); ok {
		return d.DisplayName(name)
	}
	return name
}

// loadTemplates parses the shared partials, then the stack's files, into
// one template set; names are the files' paths.
func loadTemplates(tfs fs.FS, stack string) (*templateSet, error) {
	ts := &templateSet{
		t:       template.New("").Funcs(FuncMap()).Option("missingkey=error"),
		sources: map[string]string{},
		tfs:     tfs,
	}
	partials, err := fs.Glob(tfs, "partials/*.tmpl")
	if err != nil {
		return nil, err
	}
	if l, ok := tfs.(layered); ok {
		sort.SliceStable(partials, func(i, j int) bool { return l.Layer(partials[i]) < l.Layer(partials[j]) })
	}
	files := append(partials, stack+"/Dockerfile.tmpl", stack+"/dockerignore.tmpl")
	for _, name := range files {
		dt, err := fs.ReadFile(tfs, name)
		if err != nil {
			return nil, &TemplateError{File: DisplayName(tfs, name), Err: err}
		}
		ts.sources[name] = string(dt)
		if _, err := ts.t.New(name).Parse(string(dt)); err != nil {
			return nil, ts.err(name, err)
		}
	}
	return ts, nil
}

func (ts *templateSet) execute(name string, values map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	if err := ts.t.ExecuteTemplate(&buf, name, values); err != nil {
		return nil, ts.err(name, err)
	}
	return tidy(buf.Bytes()), nil
}

// template errors read "template: NAME:LINE:COL: executing ...": pull out
// the file and line so the user sees where to look.
var (
	tmplErrRe   = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::\d+)?: (.*)`)
	executingRe = regexp.MustCompile(`^executing "[^"]*" at `)
	undefinedRe = regexp.MustCompile(`^function "([^"]+)" not defined$`)
)

func (ts *templateSet) err(name string, err error) error {
	var te *TemplateError
	if errors.As(err, &te) {
		return te
	}
	m := tmplErrRe.FindStringSubmatch(err.Error())
	if m == nil {
		return &TemplateError{File: DisplayName(ts.tfs, name), Err: err}
	}
	line, _ := strconv.Atoi(m[2])
	msg := executingRe.ReplaceAllString(m[3], "")
	if u := undefinedRe.FindStringSubmatch(msg); u != nil {
		msg = undefinedFunc(u[1])
	}
	return &TemplateError{File: DisplayName(ts.tfs, m[1]), Line: line, Err: errors.New(msg)}
}

// undefinedFunc explains a function a template may not call.
func undefinedFunc(fn string) string {
	if slices.Contains(nonHermetic, fn) {
		return fmt.Sprintf("function %q is not available: templates render hermetically (no environment, clock, randomness or network), so the same input gives the same Dockerfile; write fixed values into the template, and per-project ones come from stagecraft's flags (--label, --port, ...)", fn)
	}
	return fmt.Sprintf("function %q is not defined; templates may call sprig's hermetic functions and dockerQuote, shellQuote, execForm", fn)
}

var blankRuns = regexp.MustCompile(`\n{3,}`)

// tidy trims trailing spaces, collapses runs of blank lines and ends the
// file with exactly one newline, so templates can be written for reading.
func tidy(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s := blankRuns.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return []byte(strings.TrimLeft(strings.TrimRight(s, "\n"), "\n") + "\n")
}

// Stacks lists the stacks tfs has templates for (folders with a template.yaml).
func Stacks(tfs fs.FS) ([]string, error) {
	matches, err := fs.Glob(tfs, "*/template.yaml")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(matches))
	for _, m := range matches {
		out = append(out, path.Dir(m))
	}
	return out, nil
}
