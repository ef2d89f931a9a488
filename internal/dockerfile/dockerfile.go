// Package dockerfile wraps BuildKit's Dockerfile parser and linter so the
// rest of stagecraft can parse, inspect and lint Dockerfiles offline.
//
// Parse is cheap (parser + typed instructions). Lint runs every rule that
// `docker build --check` runs, through dockerfile2llb.DockerfileLint with a
// stub image resolver, so nothing contacts a registry.
package dockerfile

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Parsed is a Dockerfile parsed into BuildKit's typed stages.
type Parsed struct {
	AST      *parser.Node
	Stages   []instructions.Stage
	MetaArgs []instructions.ArgCommand
}

// ParseError is a Dockerfile BuildKit cannot parse, with the line it stopped at
// (0 when BuildKit gave none).
type ParseError struct {
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Parse parses dt with BuildKit's parser and turns it into typed stages.
// Only the light rules run here (casing, MAINTAINER); Lint runs them all.
func Parse(dt []byte) (*Parsed, error) {
	res, err := parser.Parse(bytes.NewReader(dt))
	if err != nil {
		return nil, wrapParseError(err)
	}
	stages, metaArgs, err := instructions.Parse(res.AST, linter.New(&linter.Config{SkipAll: true}))
	if err != nil {
		return nil, wrapParseError(err)
	}
	return &Parsed{AST: res.AST, Stages: stages, MetaArgs: metaArgs}, nil
}

func wrapParseError(err error) error {
	var loc *parser.LocationError
	if errors.As(err, &loc) && len(loc.Locations) > 0 && len(loc.Locations[0]) > 0 {
		return &ParseError{Line: loc.Locations[0][0].Start.Line, Err: errors.Unwrap(err)}
	}
	return &ParseError{Err: err}
}
