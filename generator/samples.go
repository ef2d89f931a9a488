package generator

import (
	"slices"

	"github.com/stagecraft/stagecraft/detect"
)

// Sample is a built-in project that `stagecraft templates validate` renders
// a stack's template for, as detection would have reported it. Samples are
// plain values, never read from disk, so validation works anywhere.
type Sample struct {
	// Name says which sample a problem came from ("api", "cgo-vendor", ...).
	Name    string
	Project detect.Project
	// Options are the flags the sample is rendered with (Runtime is set by
	// the validator, once per runtime the template allows).
	Options Options
}

// samples holds each stack's sample projects; each stack's file registers
// its own in an init, beside its planner (samples["go"] = goSamples). A team
// stack (template.yaml with base: go) is validated with its base's samples.
//
// Between them, a stack's samples should reach every branch of its
// template: every runtime (Project.Runtimes), optional features (private
// dependencies, runtime files, a port or none) and both syntax modes
// (Options.Syntax DefaultSyntax and "").
var samples = map[string]func() []Sample{}

// Samples returns the sample projects of stack (a planned stack, not a team
// stack); nil when it has none.
func Samples(stack string) []Sample {
	f, ok := samples[stack]
	if !ok {
		return nil
	}
	out := f()
	for i := range out {
		out[i].Project.Runtimes = slices.Clone(out[i].Project.Runtimes)
	}
	return out
}

func intPtr(n int) *int { return &n }
