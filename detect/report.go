// Package detect inspects a source tree and reports what it holds: each
// project's stack, language version, package manager, framework, entry point
// and port, with the evidence (file and line) behind every value.
//
// Detection only reads. It takes an fs.FS so tests can use fstest.MapFS.
package detect

import "fmt"

// Report is everything Scan found in a tree.
type Report struct {
	Root      string          `json:"root"`
	Projects  []Project       `json:"projects"`
	Languages []LanguageShare `json:"languages"`
	// Warnings are about the tree as a whole (unreadable folders, skipped files).
	Warnings []string `json:"warnings"`
	// Notes are findings that are not projects, such as Node tooling beside a Go module.
	Notes []string `json:"notes"`
}

// Project is one buildable application in the tree.
type Project struct {
	// Path is the project's folder relative to the scanned root, "." for the root.
	Path            string `json:"path"`
	Stack           string `json:"stack"`
	LanguageVersion string `json:"language_version"`
	PackageManager  string `json:"package_manager"`
	Framework       string `json:"framework"`
	Entrypoint      string `json:"entrypoint"`
	// Port is nil when no port could be found.
	Port *int `json:"port"`
	// Runtimes are the runtime flavours this project can use, best first.
	Runtimes []string `json:"runtimes"`
	// RuntimesExcluded says why each other runtime is not offered.
	RuntimesExcluded []ExcludedRuntime `json:"runtimes_excluded"`
	Evidence         []Evidence        `json:"evidence"`
	Warnings         []string          `json:"warnings"`
	// EntrypointCandidates lists every entry point found, the chosen one first.
	EntrypointCandidates []string `json:"entrypoint_candidates"`
	// RuntimeFiles are paths (relative to Path) the app reads when it runs,
	// which the runtime image must carry beside the binary.
	RuntimeFiles []string `json:"runtime_files"`
	// Context is the build context relative to the root (usually Path; the
	// workspace root for go.work modules).
	Context string `json:"context"`
	// Alternatives are projects of other stacks in the same folder, which
	// lost it to this one (a package.json that runs an Express server
	// beside a go.mod). --stack <their stack> builds one of them instead.
	Alternatives []Project `json:"alternatives"`

	Go     *GoInfo     `json:"go,omitempty"`
	Python *PythonInfo `json:"python,omitempty"`
	Java   *JavaInfo   `json:"java,omitempty"`
	Node   *NodeInfo   `json:"node,omitempty"`
}

// ExcludedRuntime is a runtime a project cannot use, and why.
type ExcludedRuntime struct {
	Runtime string `json:"runtime"`
	Reason  string `json:"reason"`
}

// Evidence records which file (and line) said what about a field.
type Evidence struct {
	Field  string `json:"field"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	Detail string `json:"detail"`
}

func (e Evidence) Where() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return e.File
}

// LanguageShare is one language's share of the source bytes, from go-enry.
type LanguageShare struct {
	Name    string  `json:"name"`
	Percent float64 `json:"percent"`
}

func (p *Project) addEvidence(field, file string, line int, detail string) {
	p.Evidence = append(p.Evidence, Evidence{Field: field, File: file, Line: line, Detail: detail})
}

func (p *Project) warn(format string, args ...any) {
	p.Warnings = append(p.Warnings, fmt.Sprintf(format, args...))
}

// Alternative returns the project of stack that lost this project's
// folder to it, if there is one.
func (p *Project) Alternative(stack string) (Project, bool) {
	for _, a := range p.Alternatives {
		if a.Stack == stack {
			return a, true
		}
	}
	return Project{}, false
}

// EvidenceFor returns the evidence recorded for field, if any.
func (p *Project) EvidenceFor(field string) (Evidence, bool) {
	for _, e := range p.Evidence {
		if e.Field == field {
			return e, true
		}
	}
	return Evidence{}, false
}

func (p *Project) setPort(port int, file string, line int, detail string) {
	p.Port = &port
	p.addEvidence("port", file, line, detail)
}
