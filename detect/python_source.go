package detect

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A small lexer for Python source: enough to find module-level statements
// (`app = FastAPI(...)`, `def create_app`, `if __name__ == "__main__":`,
// `WSGI_APPLICATION = "..."`) without running Python. It understands
// comments, every string form (prefixes, triple quotes, escapes, f-strings
// with nested quotes), line continuations and brackets spanning lines, and
// tracks which block (function, class, plain block) a statement is in.

type pyTokKind int

const (
	pyName pyTokKind = iota
	pyNumber
	pyString
	pyOp
)

type pyToken struct {
	kind pyTokKind
	text string // the source text (for strings: with prefix and quotes)
	// str is a plain string literal's value; set only when strOK.
	str   string
	strOK bool
	line  int // 1-based physical line
	col   int // 0-based column (bytes) of the token's start
}

// pyLogicalLine is one logical line: its tokens, the line it starts on and
// its indentation.
type pyLogicalLine struct {
	toks   []pyToken
	line   int
	indent int
}

// lexPython splits src into logical lines. It never fails: on malformed
// input (an unterminated string) it stops at the end of the file.
func lexPython(src string) []pyLogicalLine {
	lx := &pyLexer{src: src, line: 1}
	lx.run()
	return lx.lines
}

type pyLexer struct {
	src       string
	pos       int
	line      int
	lineStart int // offset of the current physical line
	depth     int // bracket depth
	cur       []pyToken
	curLine   int
	curIndent int
	lines     []pyLogicalLine
}

func (lx *pyLexer) flush() {
	if len(lx.cur) > 0 {
		lx.lines = append(lx.lines, pyLogicalLine{toks: lx.cur, line: lx.curLine, indent: lx.curIndent})
	}
	lx.cur = nil
	lx.depth = 0
}

func (lx *pyLexer) emit(t pyToken) {
	if len(lx.cur) == 0 {
		lx.curLine, lx.curIndent = t.line, t.col
	}
	lx.cur = append(lx.cur, t)
}

func (lx *pyLexer) newline() {
	lx.line++
	lx.lineStart = lx.pos
}

var pyOps3 = []string{"**=", "//=", ">>=", "<<=", "..."}
var pyOps2 = []string{"->", ":=", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "**", "//", "<<", ">>"}

func (lx *pyLexer) run() {
	src := lx.src
	// A byte-order mark is not source.
	if strings.HasPrefix(src, "\ufeff") {
		lx.pos = 3
		lx.lineStart = 3
	}
	for lx.pos < len(src) {
		c := src[lx.pos]
		switch {
		case c == '\n':
			lx.pos++
			if lx.depth == 0 {
				lx.flush()
			}
			lx.newline()
		case c == '\r':
			lx.pos++
			if lx.pos < len(src) && src[lx.pos] == '\n' {
				continue // the \n ends the line
			}
			if lx.depth == 0 {
				lx.flush()
			}
			lx.newline()
		case c == ' ' || c == '\t' || c == '\f':
			lx.pos++
		case c == '#':
			for lx.pos < len(src) && src[lx.pos] != '\n' && src[lx.pos] != '\r' {
				lx.pos++
			}
		case c == '\\':
			// Explicit line joining: the next physical line continues this one.
			lx.pos++
			joined := false
			if lx.pos < len(src) && src[lx.pos] == '\r' {
				lx.pos++
				joined = true
			}
			if lx.pos < len(src) && src[lx.pos] == '\n' {
				lx.pos++
				joined = true
			}
			if joined {
				lx.newline()
			}
		case c == '"' || c == '\'':
			lx.lexString(lx.pos, "")
		case isPyNameStart(c) || c >= utf8.RuneSelf:
			start := lx.pos
			r, size := utf8.DecodeRuneInString(src[lx.pos:])
			if c >= utf8.RuneSelf && !unicode.IsLetter(r) {
				lx.pos += size // stray non-ASCII symbol: skip it
				continue
			}
			for lx.pos < len(src) {
				r, size := utf8.DecodeRuneInString(src[lx.pos:])
				if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
					lx.pos += size
					continue
				}
				break
			}
			word := src[start:lx.pos]
			if lx.pos < len(src) && (src[lx.pos] == '"' || src[lx.pos] == '\'') && isStringPrefix(word) {
				lx.lexString(start, strings.ToLower(word))
				continue
			}
			lx.emit(pyToken{kind: pyName, text: word, line: lx.line, col: start - lx.lineStart})
		case c >= '0' && c <= '9' || c == '.' && lx.pos+1 < len(src) && src[lx.pos+1] >= '0' && src[lx.pos+1] <= '9':
			start := lx.pos
			for lx.pos < len(src) {
				d := src[lx.pos]
				if d >= '0' && d <= '9' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d == '_' || d == '.' {
					lx.pos++
					continue
				}
				// An exponent sign: 1e-3.
				if (d == '+' || d == '-') && (src[lx.pos-1] == 'e' || src[lx.pos-1] == 'E') && !strings.HasPrefix(strings.ToLower(src[start:lx.pos]), "0x") {
					lx.pos++
					continue
				}
				break
			}
			lx.emit(pyToken{kind: pyNumber, text: src[start:lx.pos], line: lx.line, col: start - lx.lineStart})
		default:
			start := lx.pos
			op := string(c)
			for _, o := range pyOps3 {
				if strings.HasPrefix(src[lx.pos:], o) {
					op = o
					break
				}
			}
			if len(op) == 1 {
				for _, o := range pyOps2 {
					if strings.HasPrefix(src[lx.pos:], o) {
						op = o
						break
					}
				}
			}
			lx.pos += len(op)
			switch op {
			case "(", "[", "{":
				lx.depth++
			case ")", "]", "}":
				if lx.depth > 0 {
					lx.depth--
				}
			}
			lx.emit(pyToken{kind: pyOp, text: op, line: lx.line, col: start - lx.lineStart})
		}
	}
	lx.flush()
}

func isPyNameStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isStringPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "b", "f", "br", "rb", "fr", "rf", "t", "tr", "rt":
		return true
	}
	return false
}

// lexString reads a string literal starting at the quote at lx.pos (start is
// where its prefix began) and emits it.
func (lx *pyLexer) lexString(start int, prefix string) {
	line, col := lx.line, start-lx.lineStart
	end, raw := lx.skipString(prefix)
	tok := pyToken{kind: pyString, text: lx.src[start:end], line: line, col: col}
	if !strings.ContainsAny(prefix, "bft") {
		tok.str, tok.strOK = decodePyString(raw, strings.Contains(prefix, "r"))
	}
	lx.pos = end
	lx.emit(tok)
}

// skipString moves past the string whose opening quote is at lx.pos and
// returns the offset after it and its body (without quotes). Newlines inside
// triple-quoted strings advance the line count.
func (lx *pyLexer) skipString(prefix string) (int, string) {
	src := lx.src
	q := src[lx.pos]
	triple := strings.HasPrefix(src[lx.pos:], strings.Repeat(string(q), 3))
	delim := string(q)
	if triple {
		delim = strings.Repeat(string(q), 3)
	}
	i := lx.pos + len(delim)
	bodyStart := i
	fstr := strings.ContainsAny(prefix, "ft")
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\\':
			i += 2
			if i <= len(src) && (src[i-1] == '\n') {
				lx.line++
				lx.lineStart = i
			}
			continue
		case c == '\n' || c == '\r':
			if !triple {
				// An unterminated single-quoted string ends at the line.
				return i, src[bodyStart:i]
			}
			if c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			i++
			lx.line++
			lx.lineStart = i
			continue
		case fstr && c == '{':
			if i+1 < len(src) && src[i+1] == '{' {
				i += 2
				continue
			}
			i = lx.skipFExpr(i+1, delim)
			continue
		case strings.HasPrefix(src[i:], delim):
			return i + len(delim), src[bodyStart:i]
		}
		i++
	}
	return len(src), src[bodyStart:]
}

// skipFExpr skips an f-string replacement field's expression (after its
// '{'), which may hold strings of any quote (PEP 701), brackets and a
// format spec with nested fields. It returns the offset after the '}'.
func (lx *pyLexer) skipFExpr(i int, delim string) int {
	src := lx.src
	depth := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			i++
			lx.line++
			lx.lineStart = i
			continue
		case c == '\'' || c == '"':
			save := lx.pos
			lx.pos = i
			// Nested strings may have their own prefix; treat them as plain
			// f-strings so nested fields are skipped too.
			end, _ := lx.skipString("f")
			lx.pos = save
			i = end
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']':
			if depth > 0 {
				depth--
			}
		case c == '}':
			if depth == 0 {
				return i + 1
			}
			depth--
		case c == ':' && depth == 0:
			// Format spec: literal text with nested {fields} up to '}'.
			i++
			for i < len(src) && src[i] != '}' {
				if src[i] == '{' {
					i = lx.skipFExpr(i+1, delim)
					continue
				}
				if strings.HasPrefix(src[i:], delim) {
					return i
				}
				i++
			}
			if i < len(src) {
				i++
			}
			return i
		}
		i++
	}
	return i
}

// decodePyString turns a plain string literal's body into its value. Only
// the common escapes are decoded; anything unusual makes it not OK.
func decodePyString(body string, raw bool) (string, bool) {
	if raw || !strings.Contains(body, `\`) {
		return body, true
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\', '\'', '"':
			b.WriteByte(body[i])
		case '\n':
			// line continuation inside the string
		default:
			return "", false
		}
	}
	return b.String(), true
}

// pyStatement is one simple statement at some nesting, with what encloses it.
type pyStatement struct {
	toks []pyToken
	line int
	// inDef is true inside a function or class body.
	inDef bool
	// nested is true inside any block (if/try/with/for/...).
	nested bool
}

// pyStatements splits logical lines into statements (on ';' and after a
// compound header's ':'), tracking the enclosing blocks by indentation.
func pyStatements(lines []pyLogicalLine) []pyStatement {
	type block struct {
		indent int
		isDef  bool
	}
	var stack []block
	var out []pyStatement
	for _, ll := range lines {
		for len(stack) > 0 && ll.indent <= stack[len(stack)-1].indent {
			stack = stack[:len(stack)-1]
		}
		inDef := false
		for _, b := range stack {
			if b.isDef {
				inDef = true
			}
		}
		nested := len(stack) > 0
		toks := ll.toks
		// Decorators belong to the def that follows; skip them.
		if toks[0].kind == pyOp && toks[0].text == "@" {
			continue
		}
		head, body, compound := splitCompound(toks)
		if compound {
			isDef := isDefHeader(head)
			out = append(out, pyStatement{toks: head, line: ll.line, inDef: inDef, nested: nested})
			if len(body) == 0 {
				stack = append(stack, block{indent: ll.indent, isDef: isDef})
				continue
			}
			// `if x: a = 1` — the body is on the same line, one level deeper.
			inDef = inDef || isDef
			nested = true
			toks = body
		}
		for _, st := range splitSemicolons(toks) {
			if len(st) > 0 {
				out = append(out, pyStatement{toks: st, line: st[0].line, inDef: inDef, nested: nested})
			}
		}
	}
	return out
}

var pyCompoundKeywords = map[string]bool{
	"if": true, "elif": true, "else": true, "for": true, "while": true, "try": true,
	"except": true, "finally": true, "with": true, "def": true, "class": true,
	"async": true, "match": true, "case": true,
}

// splitCompound splits `if cond: body` into header and body. The header's
// ':' is the first one at bracket depth 0 that is not part of a lambda or an
// annotation.
func splitCompound(toks []pyToken) (head, body []pyToken, ok bool) {
	if toks[0].kind != pyName || !pyCompoundKeywords[toks[0].text] {
		return nil, nil, false
	}
	// `match`/`case` are soft keywords: `match = 1` is an assignment.
	if (toks[0].text == "match" || toks[0].text == "case") && len(toks) > 1 && toks[1].kind == pyOp && toks[1].text != "(" && toks[1].text != "[" && toks[1].text != "{" && toks[1].text != "-" {
		return nil, nil, false
	}
	depth, lambdas := 0, 0
	for i, t := range toks {
		if t.kind == pyName && t.text == "lambda" {
			lambdas++
		}
		if t.kind != pyOp {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ":":
			if depth != 0 {
				continue
			}
			if lambdas > 0 {
				lambdas--
				continue
			}
			return toks[:i], toks[i+1:], true
		}
	}
	return nil, nil, false
}

func isDefHeader(head []pyToken) bool {
	i := 0
	if len(head) > 0 && head[0].text == "async" {
		i = 1
	}
	return len(head) > i && (head[i].text == "def" || head[i].text == "class")
}

func splitSemicolons(toks []pyToken) [][]pyToken {
	var out [][]pyToken
	start := 0
	eachOp(toks, func(i, depth int, op string) bool {
		if op == ";" && depth == 0 {
			out = append(out, toks[start:i])
			start = i + 1
		}
		return true
	})
	return append(out, toks[start:])
}

// eachOp calls fn for every operator token with the bracket depth after it
// (an opening bracket counts itself; a closing one does not); fn returns
// false to stop.
func eachOp(toks []pyToken, fn func(i, depth int, op string) bool) {
	depth := 0
	for i, t := range toks {
		if t.kind != pyOp {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		}
		if !fn(i, depth, t.text) {
			return
		}
	}
}

// pyAssign is a module-scope `target = value` statement.
type pyAssign struct {
	targets []string
	value   []pyToken
	line    int
}

// assignment parses `a = b = value` or `a: T = value` (plain names only).
func (st pyStatement) assignment() (pyAssign, bool) {
	toks := st.toks
	var targets []string
	i := 0
	for {
		if i >= len(toks) || toks[i].kind != pyName || pyKeywords[toks[i].text] {
			break
		}
		j := i + 1
		if j < len(toks) && toks[j].kind == pyOp && toks[j].text == ":" && len(targets) == 0 {
			// Annotation: skip to the '=' at depth 0.
			depth := 0
			for j++; j < len(toks); j++ {
				t := toks[j]
				if t.kind == pyOp && (t.text == "(" || t.text == "[" || t.text == "{") {
					depth++
				} else if t.kind == pyOp && (t.text == ")" || t.text == "]" || t.text == "}") {
					depth--
				} else if t.kind == pyOp && t.text == "=" && depth == 0 {
					break
				}
			}
		}
		if j >= len(toks) || toks[j].kind != pyOp || toks[j].text != "=" {
			break
		}
		targets = append(targets, toks[i].text)
		i = j + 1
	}
	if len(targets) == 0 || i >= len(toks) {
		return pyAssign{}, false
	}
	return pyAssign{targets: targets, value: toks[i:], line: st.line}, true
}

var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
	"async": true, "await": true, "break": true, "class": true, "continue": true, "def": true,
	"del": true, "elif": true, "else": true, "except": true, "finally": true, "for": true,
	"from": true, "global": true, "if": true, "import": true, "in": true, "is": true,
	"lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true, "raise": true,
	"return": true, "try": true, "while": true, "with": true, "yield": true,
}

// call reads `a.b.c(args)` at the start of toks: the dotted callee and the
// argument tokens, split at depth-0 commas.
func pyCall(toks []pyToken) (callee string, args [][]pyToken, ok bool) {
	i := 0
	var parts []string
	for i < len(toks) && toks[i].kind == pyName {
		parts = append(parts, toks[i].text)
		i++
		if i < len(toks) && toks[i].kind == pyOp && toks[i].text == "." {
			i++
			continue
		}
		break
	}
	if len(parts) == 0 || i >= len(toks) || toks[i].kind != pyOp || toks[i].text != "(" {
		return "", nil, false
	}
	depth := 0
	start := i + 1
	for j := i; j < len(toks); j++ {
		t := toks[j]
		if t.kind != pyOp {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
			if depth == 0 {
				if j > start {
					args = append(args, toks[start:j])
				}
				return strings.Join(parts, "."), args, true
			}
		case ",":
			if depth == 1 {
				args = append(args, toks[start:j])
				start = j + 1
			}
		}
	}
	return strings.Join(parts, "."), args, true // unclosed: still a call
}

// pyCallAssign is `target = callee(...)` at module scope.
type pyCallAssign struct {
	target string
	callee string
	args   [][]pyToken
	line   int
}

// pyModule is what the scanner learned about one Python file.
type pyModule struct {
	// calls are module-scope assignments whose value is a call.
	calls []pyCallAssign
	// strings are module-scope assignments of a plain string literal.
	strings map[string]pyStrAssign
	// assigned lists every module-scope name assigned, with its line.
	assigned map[string]int
	// ints are module-scope assignments of an integer literal.
	ints map[string]int
	// defs are module-scope function names and their lines.
	defs map[string]int
	// mainGuard is the line of `if __name__ == "__main__":` (0: none).
	mainGuard int
	stmts     []pyStatement
}

func scanPython(src string) *pyModule {
	m := &pyModule{strings: map[string]pyStrAssign{}, assigned: map[string]int{}, ints: map[string]int{}, defs: map[string]int{}}
	m.stmts = pyStatements(lexPython(src))
	for _, st := range m.stmts {
		if st.inDef {
			continue
		}
		toks := st.toks
		if !st.nested && isMainGuard(toks) && m.mainGuard == 0 {
			m.mainGuard = st.line
			continue
		}
		if d := defName(toks); d != "" {
			if _, ok := m.defs[d]; !ok {
				m.defs[d] = st.line
			}
			continue
		}
		a, ok := st.assignment()
		if !ok {
			continue
		}
		for _, t := range a.targets {
			if _, seen := m.assigned[t]; !seen {
				m.assigned[t] = a.line
			}
		}
		if callee, args, ok := pyCall(a.value); ok && callEnds(a.value) {
			for _, t := range a.targets {
				m.calls = append(m.calls, pyCallAssign{target: t, callee: callee, args: args, line: a.line})
			}
			continue
		}
		if v, ok := plainString(a.value); ok {
			for _, t := range a.targets {
				m.strings[t] = pyStrAssign{value: v, line: a.line}
			}
		}
		if len(a.value) == 1 && a.value[0].kind == pyNumber {
			if n, err := strconv.Atoi(strings.ReplaceAll(a.value[0].text, "_", "")); err == nil {
				for _, t := range a.targets {
					m.ints[t] = n
				}
			}
		}
	}
	return m
}

// plainString is a value made only of plain string literals ("a" "b" is
// "ab", as Python concatenates adjacent literals).
func plainString(value []pyToken) (string, bool) {
	if len(value) == 0 {
		return "", false
	}
	var b strings.Builder
	for _, t := range value {
		if t.kind != pyString || !t.strOK {
			return "", false
		}
		b.WriteString(t.str)
	}
	return b.String(), true
}

type pyStrAssign struct {
	value string
	line  int
}

// callEnds reports that the value is one call and nothing after it
// (`FastAPI()` but not `FastAPI().include_router(...)` or `f() or g()`).
func callEnds(value []pyToken) bool {
	ends := false
	eachOp(value, func(i, depth int, op string) bool {
		if op == ")" && depth == 0 {
			ends = i == len(value)-1
			return false
		}
		return true
	})
	return ends
}

func defName(toks []pyToken) string {
	i := 0
	if len(toks) > 0 && toks[0].kind == pyName && toks[0].text == "async" {
		i = 1
	}
	if len(toks) > i+1 && toks[i].kind == pyName && toks[i].text == "def" && toks[i+1].kind == pyName {
		return toks[i+1].text
	}
	return ""
}

// isMainGuard matches the header `if __name__ == "__main__"` (either order,
// either quote, optional parentheses).
func isMainGuard(toks []pyToken) bool {
	if len(toks) < 4 || toks[0].kind != pyName || toks[0].text != "if" {
		return false
	}
	var rest []pyToken
	for _, t := range toks[1:] {
		if t.kind == pyOp && (t.text == "(" || t.text == ")") {
			continue
		}
		rest = append(rest, t)
	}
	if len(rest) != 3 || rest[1].kind != pyOp || rest[1].text != "==" {
		return false
	}
	isName := func(t pyToken) bool { return t.kind == pyName && t.text == "__name__" }
	isMain := func(t pyToken) bool { return t.kind == pyString && t.strOK && t.str == "__main__" }
	return isName(rest[0]) && isMain(rest[2]) || isMain(rest[0]) && isName(rest[2])
}

// callsNamed finds every call (anywhere, at any depth) whose callee's last
// part is one of names, returning the statement, callee and arguments.
func (m *pyModule) callsNamed(names ...string) []pyFoundCall {
	var out []pyFoundCall
	for _, st := range m.stmts {
		toks := st.toks
		for i := range toks {
			if toks[i].kind != pyName {
				continue
			}
			// Start of a dotted name: not preceded by '.'.
			if i > 0 && toks[i-1].kind == pyOp && toks[i-1].text == "." {
				continue
			}
			callee, args, ok := pyCall(toks[i:])
			if !ok {
				continue
			}
			last := callee[strings.LastIndexByte(callee, '.')+1:]
			for _, n := range names {
				if last == n {
					out = append(out, pyFoundCall{callee: callee, args: args, line: toks[i].line})
					break
				}
			}
		}
	}
	return out
}

type pyFoundCall struct {
	callee string
	args   [][]pyToken
	line   int
}

// kwarg returns the value tokens of keyword argument name.
func kwarg(args [][]pyToken, name string) ([]pyToken, bool) {
	for _, a := range args {
		if len(a) >= 3 && a[0].kind == pyName && a[0].text == name && a[1].kind == pyOp && a[1].text == "=" {
			return a[2:], true
		}
	}
	return nil, false
}
