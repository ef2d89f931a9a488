package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// keyDocs is the comment written beside each project key.
var keyDocs = map[string]string{
	"path":             "the project folder, relative to this file",
	"stack":            "the template to render",
	"language_version": "language version of the build image (left out: detected)",
	"entrypoint":       "what to run: the main package for Go",
	"runtime":          "runtime image: " + strings.Join(Runtimes[:4], ", "),
	"port":             "the port to EXPOSE (left out: detected)",
	"secrets":          "build secret ids mounted on dependency steps",
	"private":          "private module patterns, fetched with the netrc secret",
	"labels":           "extra image labels",
	"name":             "image title and binary name",
	"output":           "the Dockerfile to write, relative to path; its ignore file goes beside it",
	"include":          "paths (relative to path) the runtime image needs beside the program",
}

// Marshal renders f as YAML with comments that say what each key does. The
// output is deterministic; Parse(Marshal(f)) gives f back.
func (f *File) Marshal() []byte {
	var b strings.Builder
	b.WriteString(`# stagecraft's decisions for this repository, saved by ` + "`stagecraft init`" + `.
# ` + "`stagecraft generate`" + ` and ` + "`go generate`" + ` read this file and ask nothing.
# Precedence: flags > STAGECRAFT_* environment variables > this file > detection;
# a key left out follows what stagecraft detects. Reference: docs/config.md
version: 1

`)
	if len(f.Projects) == 0 {
		b.WriteString("# The projects to generate; empty means every project stagecraft detects.\nprojects: []\n")
	} else {
		b.WriteString("# The projects to generate (only these); an entry's paths are relative to its path.\nprojects:\n")
		for _, p := range f.Projects {
			writeProject(&b, p)
		}
	}
	b.WriteString("\n# A team template source (a folder or a git URL); empty means the embedded templates.\n")
	fmt.Fprintf(&b, "templates: %s\n", quote(f.Templates))
	if len(f.Images) > 0 {
		b.WriteString("\n# Base images replaced in every generated Dockerfile (a digest pin, a registry mirror).\nimages:\n")
		for _, from := range slices.Sorted(maps.Keys(f.Images)) {
			fmt.Fprintf(&b, "  %s: %s\n", doubleQuoted(from), doubleQuoted(f.Images[from]))
		}
	}
	b.WriteString("\nlint:\n  # Lint rule ids `stagecraft lint` skips.\n")
	fmt.Fprintf(&b, "  disable: %s\n", flowList(f.Lint.Disable))
	return []byte(b.String())
}

func writeProject(b *strings.Builder, p Project) {
	type row struct{ key, value string }
	var rows []row
	add := func(key, value string) { rows = append(rows, row{key, value}) }
	add("path", quote(p.Path))
	if p.Stack != "" {
		add("stack", quote(p.Stack))
	}
	if p.LanguageVersion != "" {
		add("language_version", doubleQuoted(p.LanguageVersion))
	}
	if p.Entrypoint != "" {
		add("entrypoint", quote(p.Entrypoint))
	}
	if p.Runtime != "" {
		add("runtime", quote(p.Runtime))
	}
	if p.Port != 0 {
		add("port", fmt.Sprint(p.Port))
	}
	if len(p.Secrets) > 0 {
		add("secrets", flowList(p.Secrets))
	}
	if len(p.Private) > 0 {
		add("private", flowList(p.Private))
	}
	if p.Name != "" {
		add("name", quote(p.Name))
	}
	if p.Output != "" {
		add("output", quote(p.Output))
	}
	if len(p.Include) > 0 {
		add("include", flowList(p.Include))
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r.key)+2+len(r.value))
	}
	for i, r := range rows {
		lead := "    "
		if i == 0 {
			lead = "  - "
		}
		kv := r.key + ": " + r.value
		fmt.Fprintf(b, "%s%-*s  # %s\n", lead, width, kv, keyDocs[r.key])
	}
	if len(p.Labels) > 0 {
		fmt.Fprintf(b, "    labels:  # %s\n", keyDocs["labels"])
		keys := make([]string, 0, len(p.Labels))
		for k := range p.Labels {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(b, "      %s: %s\n", quote(k), quote(p.Labels[k]))
		}
	}
}

// quote renders s as a YAML scalar that reads back as the string s.
func quote(s string) string {
	out := encodeNode(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s})
	if strings.Contains(out, "\n") {
		// A block scalar would swallow the comment written after it.
		return doubleQuoted(s)
	}
	return out
}

func doubleQuoted(s string) string {
	return encodeNode(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle})
}

func flowList(items []string) string {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s})
	}
	return encodeNode(n)
}

func encodeNode(n *yaml.Node) string {
	out, err := yaml.Marshal(n)
	if err != nil {
		// Only strings reach here; yaml.v3 encodes every string.
		panic(err)
	}
	return strings.TrimSuffix(string(out), "\n")
}
