package detect

import (
	"fmt"
	"strings"
)

// UnsupportedError is a tree whose stack stagecraft has no template for.
type UnsupportedError struct {
	Found []Marker
}

// Marker is a file that identifies a stack.
type Marker struct {
	Stack string
	File  string
}

func (e *UnsupportedError) Error() string {
	parts := make([]string, 0, len(e.Found))
	for _, m := range e.Found {
		parts = append(parts, fmt.Sprintf("%s (%s)", m.Stack, m.File))
	}
	return fmt.Sprintf("found %s; no template for it yet (supported: %s)", strings.Join(parts, ", "), strings.Join(SupportedStacks(), ", "))
}

// NoProjectError is a tree with nothing stagecraft recognises.
type NoProjectError struct {
	Looked []string
}

func (e *NoProjectError) Error() string {
	return fmt.Sprintf("no project found: looked for %s. stagecraft builds %s projects; point it at the project's folder (stagecraft detect path/to/app)", strings.Join(e.Looked, ", "), strings.Join(SupportedStacks(), ", "))
}

// NoMainError is a Go module with no main package to build.
type NoMainError struct {
	Module string
	Dir    string
}

func (e *NoMainError) Error() string {
	return fmt.Sprintf("%s: module %s has no main package (no .go file declares `package main`); add one, e.g. cmd/server/main.go", e.Dir, e.Module)
}

// ManifestError is a manifest that cannot be parsed.
type ManifestError struct {
	File string
	Line int
	Err  error
}

func (e *ManifestError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ManifestError) Unwrap() error { return e.Err }
