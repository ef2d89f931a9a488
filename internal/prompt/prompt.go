// Package prompt asks a person questions at a terminal. The rest of
// stagecraft talks to the Prompter interface; only survey.go knows which
// library draws the questions, so a change of library touches one file.
package prompt

import (
	"errors"
	"io"
)

// ErrCancelled is returned when the person interrupts a question (Ctrl-C)
// or the input ends.
var ErrCancelled = errors.New("cancelled")

// Option is one choice of a Select: the label shown and a one-line note.
type Option struct {
	Label string
	Note  string
}

// Prompter asks questions. Each call blocks until answered; every method
// returns ErrCancelled when the person gives up.
type Prompter interface {
	// Input asks for a line of text; an empty answer is def. validate (may
	// be nil) rejects an answer with a message, and the question is asked again.
	Input(message, def string, validate func(string) error) (string, error)
	// Select asks for one of options and returns its index; def is the
	// index selected at first.
	Select(message string, options []Option, def int) (int, error)
	// Confirm asks a yes/no question.
	Confirm(message string, def bool) (bool, error)
}

// File is a terminal stream: a reader or writer with a file descriptor.
type File interface {
	Fd() uintptr
}

// Terminal is the streams a Prompter draws on.
type Terminal struct {
	In interface {
		io.Reader
		File
	}
	Out interface {
		io.Writer
		File
	}
	Err io.Writer
	// Color allows ANSI colours (cursor movement is still used).
	Color bool
}
