package detect

import "strings"

// jvmToken is one token of a Gradle build script (Groovy or Kotlin DSL) or
// a Java/Kotlin source file. The lexer knows comments, strings and
// identifiers and nothing of the grammar: detectors match short token
// sequences, so a word inside a comment or a string is never taken for code.
type jvmToken struct {
	kind byte // 'i' identifier (dotted: a.b.c), 's' string, 'n' number, 'p' punctuation, '\n' end of line
	text string
	line int
	// interp marks a double-quoted string holding $ interpolation.
	interp bool
}

func (t jvmToken) is(kind byte, text string) bool { return t.kind == kind && t.text == text }

// lexJVM splits src into tokens. nestComments is Kotlin's rule: /* */
// comments nest. Unterminated strings and comments end at the end of input.
func lexJVM(src string, nestComments bool) []jvmToken {
	var out []jvmToken
	line := 1
	i := 0
	n := len(src)
	emit := func(kind byte, text string, l int) { out = append(out, jvmToken{kind: kind, text: text, line: l}) }
	for i < n {
		c := src[i]
		switch {
		case c == '\n':
			emit('\n', "", line)
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '\\' && i+1 < n && src[i+1] == '\n':
			// Groovy line continuation: not an end of statement.
			line++
			i += 2
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && src[i+1] == '*':
			depth := 1
			i += 2
			for i < n && depth > 0 {
				switch {
				case src[i] == '\n':
					line++
					i++
				case src[i] == '*' && i+1 < n && src[i+1] == '/':
					depth--
					i += 2
				case nestComments && src[i] == '/' && i+1 < n && src[i+1] == '*':
					depth++
					i += 2
				default:
					i++
				}
			}
		case c == '"' || c == '\'':
			start := line
			quote := string(c)
			if strings.HasPrefix(src[i:], strings.Repeat(quote, 3)) {
				quote = strings.Repeat(quote, 3)
			}
			i += len(quote)
			var b strings.Builder
			for i < n && !strings.HasPrefix(src[i:], quote) {
				ch := src[i]
				if ch == '\n' {
					if len(quote) == 1 {
						break // an unterminated one-line string ends at the line
					}
					line++
				}
				if ch == '\\' && i+1 < n && len(quote) == 1 {
					b.WriteByte(unescape(src[i+1]))
					i += 2
					continue
				}
				b.WriteByte(ch)
				i++
			}
			if strings.HasPrefix(src[i:], quote) {
				i += len(quote)
			}
			tok := jvmToken{kind: 's', text: b.String(), line: start}
			tok.interp = c == '"' && strings.Contains(tok.text, "$")
			out = append(out, tok)
		case c == '`':
			// Kotlin backtick identifier: `java-library`.
			j := strings.IndexAny(src[i+1:], "`\n")
			if j < 0 {
				i = n
				continue
			}
			emit('i', src[i+1:i+1+j], line)
			i += j + 2
		case isIdentStart(c):
			j := i
			for j < n {
				if isIdentPart(src[j]) {
					j++
					continue
				}
				// a.b.c is one token; so is a?.b.
				if src[j] == '.' && j+1 < n && isIdentStart(src[j+1]) {
					j++
					continue
				}
				if src[j] == '?' && j+2 < n && src[j+1] == '.' && isIdentStart(src[j+2]) {
					j += 2
					continue
				}
				break
			}
			emit('i', strings.ReplaceAll(src[i:j], "?.", "."), line)
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < n && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == '_' || src[j] == 'L' || src[j] == 'f') {
				j++
			}
			emit('n', strings.TrimRight(src[i:j], "Lf."), line)
			i = j
		default:
			emit('p', string(c), line)
			i++
		}
	}
	return out
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	}
	return c
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// jvmStatement is one statement of a build script: its tokens (no line
// ends) and the names of the blocks it sits in, outermost first.
type jvmStatement struct {
	toks   []jvmToken
	blocks []string
}

// in reports whether the statement sits directly in a block called name.
func (st jvmStatement) in(name string) bool {
	return len(st.blocks) > 0 && st.blocks[len(st.blocks)-1] == name
}

// within reports whether any enclosing block is called name.
func (st jvmStatement) within(name string) bool {
	for _, b := range st.blocks {
		if b == name {
			return true
		}
	}
	return false
}

func (st jvmStatement) topLevel() bool { return len(st.blocks) == 0 }

// statements groups tokens into statements: a line end or ';' outside
// parentheses ends one, '{' opens a block named after the statement before
// it (see blockName) and '}' closes it.
func statements(toks []jvmToken) []jvmStatement {
	var out []jvmStatement
	var stack []string
	var cur []jvmToken
	parens := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, jvmStatement{toks: cur, blocks: append([]string(nil), stack...)})
		}
		cur = nil
	}
	for _, t := range toks {
		switch {
		case t.kind == '\n':
			if parens == 0 {
				// A line ending in an operator or a dot continues the statement.
				if len(cur) > 0 && cur[len(cur)-1].kind == 'p' && strings.Contains("=,+.:", cur[len(cur)-1].text) {
					continue
				}
				flush()
			}
		case t.is('p', ";") && parens == 0:
			flush()
		case t.is('p', "("), t.is('p', "["):
			parens++
			cur = append(cur, t)
		case t.is('p', ")"), t.is('p', "]"):
			if parens > 0 {
				parens--
			}
			cur = append(cur, t)
		case t.is('p', "{"):
			name := blockName(cur)
			if name == "" && parens > 0 {
				name = "{"
			}
			flush()
			stack = append(stack, name)
			parens = 0
		case t.is('p', "}"):
			flush()
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			parens = 0
		default:
			cur = append(cur, t)
		}
	}
	flush()
	return out
}

// blockName names the block a header opens: `java {` is java,
// `tasks.named("bootJar") {` and `tasks.named<BootJar>("bootJar") {` are
// bootJar, `tasks.withType<JavaCompile> {` is javaCompile, `project(':app') {`
// is :app; anything else is its first identifier's last segment.
func blockName(header []jvmToken) string {
	for _, t := range header {
		if t.kind == 's' {
			return t.text
		}
	}
	for i := 0; i+2 < len(header); i++ {
		if header[i].is('p', "<") && header[i+1].kind == 'i' && header[i+2].is('p', ">") {
			return lcFirst(lastSegment(header[i+1].text))
		}
		if header[i].kind == 'i' && strings.HasSuffix(header[i].text, "withType") && header[i+1].is('p', "(") && header[i+2].kind == 'i' {
			return lcFirst(lastSegment(header[i+2].text))
		}
	}
	for _, t := range header {
		if t.kind == 'i' {
			return lastSegment(t.text)
		}
	}
	return ""
}

func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func lcFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
