package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Manifest is a stack's template.yaml: what the template is, which
// runtimes it can render, and the typed variables it receives.
type Manifest struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	// Base is set by a team stack (a folder stagecraft has no planner for):
	// the detected stack it builds on. The base stack's planner computes
	// the values, so a team stack receives exactly the base's typed values.
	Base           string     `yaml:"base,omitempty"`
	Runtimes       []string   `yaml:"runtimes"`
	DefaultRuntime string     `yaml:"default_runtime"`
	Variables      []Variable `yaml:"variables"`
}

// Variable documents one value the template receives.
type Variable struct {
	Name        string   `yaml:"name"`
	Kind        string   `yaml:"kind"`
	Description string   `yaml:"description"`
	Default     any      `yaml:"default,omitempty"`
	Allowed     []string `yaml:"allowed,omitempty"`
}

// LoadManifest reads <stack>/template.yaml from tfs.
func LoadManifest(tfs fs.FS, stack string) (Manifest, error) {
	file := stack + "/template.yaml"
	dt, err := fs.ReadFile(tfs, file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Manifest{}, &InputError{Msg: fmt.Sprintf("no template for stack %q (%s is missing)", stack, file), Err: fs.ErrNotExist}
		}
		return Manifest{}, fmt.Errorf("%s: %w", file, err)
	}
	var m Manifest
	dec := yaml.NewDecoder(bytes.NewReader(dt))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, inputErr("%s: %v", file, err)
	}
	if m.Name != stack {
		return Manifest{}, inputErr("%s: name is %q; it must match its folder %q", file, m.Name, stack)
	}
	if len(m.Runtimes) == 0 {
		return Manifest{}, inputErr("%s: runtimes is empty; list the runtimes the template can render", file)
	}
	_, known := planners[stack]
	switch {
	case m.Base == "" && !known:
		return Manifest{}, inputErr("%s: %s is not a stack stagecraft plans (%s); a team stack names the stack it builds on with base: <stack>", file, stack, strings.Join(PlannedStacks(), ", "))
	case m.Base != "" && known:
		return Manifest{}, inputErr("%s: base: %s: %s is a stack of its own; base is only for a new (team) stack", file, m.Base, stack)
	case m.Base != "":
		if _, ok := planners[m.Base]; !ok {
			return Manifest{}, inputErr("%s: base: %s is not a stack stagecraft plans (%s)", file, m.Base, strings.Join(PlannedStacks(), ", "))
		}
	}
	if m.DefaultRuntime != "" && !slices.Contains(m.Runtimes, m.DefaultRuntime) {
		return Manifest{}, inputErr("%s: default_runtime %s is not in runtimes (%s)", file, m.DefaultRuntime, strings.Join(m.Runtimes, ", "))
	}
	return m, nil
}

// Planner is the stack whose planner computes the values: the base of a
// team stack, else the stack itself.
func (m Manifest) Planner() string {
	if m.Base != "" {
		return m.Base
	}
	return m.Name
}

// PlannedStacks lists the stacks stagecraft has a planner for, sorted.
func PlannedStacks() []string {
	out := make([]string, 0, len(planners))
	for s := range planners {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}
