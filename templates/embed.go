// Package templates holds the embedded Dockerfile templates, one folder per
// stack (Dockerfile.tmpl, dockerignore.tmpl, template.yaml) and the shared
// partials every stack uses.
package templates

import "embed"

//go:embed */*.tmpl */*.yaml
var embedded embed.FS

// FS returns the embedded template set. Paths are "<stack>/<file>" and
// "partials/<file>".
func FS() embed.FS { return embedded }
