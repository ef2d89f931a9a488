package cli

import (
	"errors"
	"fmt"
)

// Exit codes, the same for every command.
const (
	ExitOK    = 0
	ExitDrift = 1 // --check found stale files; lint found problems
	ExitInput = 2 // usage or input error
)

// ExitError carries an exit code; Err may be nil when the output already
// said everything.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

func usageErr(format string, args ...any) error {
	return &ExitError{Code: ExitInput, Err: fmt.Errorf(format, args...)}
}

// ExitCode maps an error to the exit code: input errors are 2; anything the
// command did not classify is an input error too, because stagecraft's
// failures are almost always about what it was given.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ExitInput
}
