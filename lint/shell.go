package lint

import (
	"path"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// command is one simple command of a RUN script: its words with quotes
// removed (variables stay as written), after leading assignments and
// wrappers such as sudo, env and exec.
type command struct {
	words []string
	// env are the NAME=value words written before the command.
	env []string
}

// name is the program, without its folder: /usr/bin/apt-get -> apt-get.
func (c command) name() string {
	if len(c.words) == 0 {
		return ""
	}
	return path.Base(c.words[0])
}

func (c command) is(names ...string) bool {
	n := c.name()
	for _, x := range names {
		if n == x {
			return true
		}
	}
	return false
}

// operands are the arguments that are not flags.
func (c command) operands() []string {
	var out []string
	for _, w := range c.words[1:] {
		if !strings.HasPrefix(w, "-") {
			out = append(out, w)
		}
	}
	return out
}

// sub is the first operand (the subcommand of npm, go, apt-get, ...).
func (c command) sub() string {
	if ops := c.operands(); len(ops) > 0 {
		return ops[0]
	}
	return ""
}

// has reports a flag: "--no-cache-dir" matches --no-cache-dir and
// --no-cache-dir=1.
func (c command) has(flags ...string) bool {
	for _, w := range c.words[1:] {
		for _, f := range flags {
			if w == f || strings.HasPrefix(w, f+"=") {
				return true
			}
		}
	}
	return false
}

// hasShort reports a short flag, alone or bundled: -r in -rf.
func (c command) hasShort(letter byte) bool {
	for _, w := range c.words[1:] {
		if len(w) > 1 && w[0] == '-' && w[1] != '-' && strings.IndexByte(w[1:], letter) >= 0 {
			return true
		}
	}
	return false
}

func (c command) hasWord(word string) bool {
	for _, w := range c.words[1:] {
		if w == word {
			return true
		}
	}
	return false
}

// pipArgs returns the words after "pip" for pip, pip3, pip3.11 and
// python -m pip; ok is false for anything else.
func (c command) pipArgs() ([]string, bool) {
	n := c.name()
	if n == "pip" || pipRe.MatchString(n) {
		return c.words[1:], true
	}
	if pythonRe.MatchString(n) {
		for i := 1; i+1 < len(c.words); i++ {
			if c.words[i] == "-m" && c.words[i+1] == "pip" {
				return c.words[i+2:], true
			}
		}
	}
	return nil, false
}

// pip is the command as if it were "pip ARGS" (python -m pip unwrapped).
func (c command) pip() (command, bool) {
	args, ok := c.pipArgs()
	if !ok {
		return command{}, false
	}
	return command{words: append([]string{"pip"}, args...)}, true
}

var (
	pipRe    = regexp.MustCompile(`^pip[0-9.]*$`)
	pythonRe = regexp.MustCompile(`^python[0-9.]*$`)
)

// splitScript cuts a shell script into simple commands at ;, &&, ||, |, &,
// newlines and parentheses. Quotes are honoured and removed; comments are
// dropped; sh -c and bash -c scripts are split too.
func splitScript(script string) []command {
	var out []command
	var words []string
	var cur strings.Builder
	inWord := false
	flushWord := func() {
		if inWord {
			words = append(words, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	flushCmd := func() {
		flushWord()
		if len(words) > 0 {
			out = append(out, expandCommand(words)...)
		}
		words = nil
	}
	rs := []rune(script)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\' && i+1 < len(rs):
			i++
			if rs[i] != '\n' {
				cur.WriteRune(rs[i])
				inWord = true
			}
		case r == '\'':
			inWord = true
			for i++; i < len(rs) && rs[i] != '\''; i++ {
				cur.WriteRune(rs[i])
			}
		case r == '"':
			inWord = true
			for i++; i < len(rs) && rs[i] != '"'; i++ {
				if rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune(`"\$`+"`", rs[i+1]) {
					i++
				}
				cur.WriteRune(rs[i])
			}
		case r == '#' && !inWord:
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
			flushCmd()
		case r == '&' && ((i > 0 && rs[i-1] == '>') || (i+1 < len(rs) && rs[i+1] == '>')):
			cur.WriteRune(r) // 2>&1, &>file
			inWord = true
		case r == ';' || r == '&' || r == '|' || r == '\n' || r == '(' || r == ')':
			flushCmd()
		case r == ' ' || r == '\t' || r == '\r':
			flushWord()
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	flushCmd()
	return out
}

var assignRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// shell keywords and wrappers that run the next word as the command.
var prefixWords = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "do": true, "while": true, "until": true,
	"!": true, "{": true, "}": true, "exec": true, "time": true, "nohup": true, "command": true,
}

// expandCommand strips assignments and wrappers, and splits sh -c scripts.
func expandCommand(words []string) []command {
	var env []string
	for len(words) > 0 {
		w := words[0]
		switch {
		case assignRe.MatchString(w):
			env = append(env, w)
			words = words[1:]
		case prefixWords[w]:
			words = words[1:]
		case w == "sudo" || w == "env":
			words = words[1:]
			for len(words) > 0 && (strings.HasPrefix(words[0], "-") || assignRe.MatchString(words[0])) {
				if assignRe.MatchString(words[0]) {
					env = append(env, words[0])
				}
				words = words[1:]
			}
		default:
			if n := path.Base(w); (n == "sh" || n == "bash" || n == "ash" || n == "dash") && len(words) >= 3 && strings.HasPrefix(words[1], "-") && strings.Contains(words[1], "c") {
				return splitScript(words[2])
			}
			if w == "done" || w == "fi" || w == "true" || w == ":" {
				return nil
			}
			return []command{{words: words, env: env}}
		}
	}
	return nil
}

// run is one RUN instruction as the rules see it.
type run struct {
	cmd    *instructions.RunCommand
	line   int
	end    int
	cmds   []command
	mounts []*instructions.Mount
}

func newRun(c *instructions.RunCommand) run {
	r := run{cmd: c, line: lineOf(c.Location()), end: endLineOf(c.Location()), mounts: mountsOf(c)}
	r.cmds = commandsOf(c.ShellDependantCmdLine)
	return r
}

// commandsOf reads a RUN, CMD or ENTRYPOINT command line as commands.
func commandsOf(cl instructions.ShellDependantCmdLine) []command {
	if !cl.PrependShell {
		if len(cl.CmdLine) == 0 {
			return nil
		}
		return expandCommand(cl.CmdLine)
	}
	script := strings.Join(cl.CmdLine, " ")
	var out []command
	// A heredoc fed to the shell is the script; one fed to another program
	// (python <<EOF) is that program's input.
	if strings.HasPrefix(strings.TrimSpace(script), "<<") {
		for _, f := range cl.Files {
			out = append(out, splitScript(f.Data)...)
		}
		return out
	}
	return splitScript(script)
}

// cacheMounted reports a cache mount on the RUN, any target when prefixes
// is empty, else one whose target starts with one of them.
func (r run) cacheMounted(prefixes ...string) bool {
	for _, m := range r.mounts {
		if m.Type != instructions.MountTypeCache {
			continue
		}
		if len(prefixes) == 0 {
			return true
		}
		for _, p := range prefixes {
			if strings.HasPrefix(m.Target, p) {
				return true
			}
		}
	}
	return false
}

// removes reports an rm -r of a path starting with one of prefixes in the
// same RUN.
func (r run) removes(prefixes ...string) bool {
	for _, c := range r.cmds {
		if !c.is("rm") {
			continue
		}
		for _, op := range c.operands() {
			for _, p := range prefixes {
				if strings.HasPrefix(op, p) {
					return true
				}
			}
		}
	}
	return false
}

func (r run) any(pred func(command) bool) bool {
	for _, c := range r.cmds {
		if pred(c) {
			return true
		}
	}
	return false
}

// mountsOf returns a RUN's --mount flags. BuildKit's parser reads only
// from= until the values are expanded, so expand them here, leaving
// variables as written.
func mountsOf(c *instructions.RunCommand) []*instructions.Mount {
	if err := c.Expand(func(w string) (string, error) { return w, nil }); err != nil {
		return nil
	}
	return instructions.GetMounts(c)
}
