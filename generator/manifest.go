package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"

	"go.yaml.in/yaml/v3"
)

// Manifest is a stack's template.yaml: what the template is, which
// runtimes it can render, and the typed variables it receives.
type Manifest struct {
	Name           string     `yaml:"name"`
	Description    string     `yaml:"description"`
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
			return Manifest{}, inputErr("no template for stack %q (%s is missing)", stack, file)
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
	return m, nil
}
