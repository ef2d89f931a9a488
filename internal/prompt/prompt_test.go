package prompt

import (
	"errors"
	"go/parser"
	"go/token"
	xterm "golang.org/x/term"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	pseudotty "github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// Only survey.go may import survey: a change of library touches one file.
func TestOnlySurveyGoImportsSurvey(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "github.com/AlecAivazis/survey") && filepath.ToSlash(p) != "../../internal/prompt/survey.go" {
				t.Errorf("%s imports %s; only internal/prompt/survey.go may", p, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// withTerminal runs ask against a Prompter on a pseudo-terminal while drive types.
func withTerminal(t *testing.T, drive func(c *expect.Console), ask func(p Prompter)) {
	t.Helper()
	pty, tty, err := pseudotty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	// survey renders a question before it puts the terminal in raw mode;
	// start raw so a key sent as soon as the question shows is not lost.
	if _, err := xterm.MakeRaw(int(tty.Fd())); err != nil {
		t.Fatalf("raw mode: %v", err)
	}
	term := vt10x.New(vt10x.WithWriter(tty))
	c, err := expect.NewConsole(expect.WithStdin(pty), expect.WithStdout(term), expect.WithCloser(pty, tty), expect.WithDefaultTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		drive(c)
		_, _ = c.ExpectEOF()
	}()
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		ask(New(Terminal{In: c.Tty(), Out: c.Tty(), Err: c.Tty()}))
	}()
	select {
	case <-finished:
	case <-time.After(60 * time.Second):
		c.Tty().Close()
		c.Close()
		select {
		case <-finished:
		case <-time.After(5 * time.Second):
		}
		t.Fatal("a question was never answered")
	}
	c.Tty().Close()
	<-done
}

func TestPrompts(t *testing.T) {
	withTerminal(t, func(c *expect.Console) {
		c.ExpectString("Name?")
		c.Send("\r") // the default
		c.ExpectString("Port?")
		c.Send("x\r")
		c.ExpectString("not a number")
		c.Send("\x7f80\r")
		c.ExpectString("Colour?")
		c.Send("\x1b[B\r") // from the default (green) to blue
		c.ExpectString("Sure?")
		c.Send("n\r")
	}, func(p Prompter) {
		if got, err := p.Input("Name?", "app", nil); got != "app" || err != nil {
			t.Errorf("Input default = %q, %v", got, err)
		}
		got, err := p.Input("Port?", "", func(s string) error {
			if _, err := strconv.Atoi(s); err != nil {
				return errors.New("not a number")
			}
			return nil
		})
		if got != "80" || err != nil {
			t.Errorf("Input validated = %q, %v", got, err)
		}
		i, err := p.Select("Colour?", []Option{{Label: "red"}, {Label: "green", Note: "default"}, {Label: "blue"}}, 1)
		if i != 2 || err != nil {
			t.Errorf("Select = %d, %v; want 2 (blue)", i, err)
		}
		if ok, err := p.Confirm("Sure?", true); ok || err != nil {
			t.Errorf("Confirm = %v, %v", ok, err)
		}
	})
}

func TestCancel(t *testing.T) {
	withTerminal(t, func(c *expect.Console) {
		c.ExpectString("Name?")
		// survey draws the question before it reads the terminal; a key sent
		// in that gap can be lost under load, so press Ctrl-C again until
		// the prompt has ended (extra presses after that are harmless).
		for i := 0; i < 5; i++ {
			c.Send("\x03")
			if _, err := c.Expect(expect.EOF, expect.WithTimeout(300*time.Millisecond)); err == nil {
				return
			}
		}
	}, func(p Prompter) {
		if _, err := p.Input("Name?", "app", nil); !errors.Is(err, ErrCancelled) {
			t.Errorf("err = %v, want ErrCancelled", err)
		}
	})
}
