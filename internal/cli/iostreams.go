package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams is all terminal I/O of a command. Tests pass buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// Env looks up environment variables (os.LookupEnv in production).
	Env func(string) (string, bool)
	// stdinTTY and stdoutTTY say whether the streams are terminals.
	stdinTTY, stdoutTTY bool
}

// System returns the process's streams.
func System() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, Env: os.LookupEnv,
		stdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
	}
}

// Test returns streams over the given buffers, with an empty environment.
func Test(in io.Reader, out, errOut io.Writer) *IOStreams {
	return &IOStreams{In: in, Out: out, ErrOut: errOut, Env: func(string) (string, bool) { return "", false }}
}

// IsInteractive reports whether prompts may be shown.
func (s *IOStreams) IsInteractive() bool {
	if _, ci := s.Env("CI"); ci {
		return false
	}
	return s.stdinTTY && s.stdoutTTY
}

// ColorEnabled reports whether ANSI colour may be written to Out.
func (s *IOStreams) ColorEnabled() bool {
	if _, no := s.Env("NO_COLOR"); no {
		return false
	}
	return s.stdoutTTY
}

// SetTTY marks the streams as terminals (for tests that drive a pty).
func (s *IOStreams) SetTTY(stdin, stdout bool) { s.stdinTTY, s.stdoutTTY = stdin, stdout }
