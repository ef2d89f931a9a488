package detect

import (
	"errors"
	"io/fs"
	"math"
	"path"
	"sort"
	"strings"
)

// A detector recognises one stack. manifests mark a folder as a candidate
// project; detect turns a candidate folder into zero or more projects.
type detector struct {
	stack     string
	priority  int // lower runs first
	manifests []string
	detect    func(s *scan, dir string) ([]Project, error)
	// shadowed, if set, is told when another stack won a folder that also
	// holds this stack's manifest (to add a Report note).
	shadowed func(s *scan, dir, winner string)
}

// detectors lists every supported stack, in priority order: when one folder
// holds manifests of several stacks, the first that finds a project wins.
// Each ecosystem's file registers its detector in init.
var detectors []detector

func register(d detector) {
	detectors = append(detectors, d)
	sort.SliceStable(detectors, func(i, j int) bool { return detectors[i].priority < detectors[j].priority })
}

// SupportedStacks lists the stacks stagecraft has templates for.
func SupportedStacks() []string {
	out := make([]string, 0, len(detectors))
	for _, d := range detectors {
		out = append(out, d.stack)
	}
	return out
}

// scan is the state of one Scan: the index plus what detectors share.
type scan struct {
	ix     *index
	report *Report
}

// Scan inspects fsys and reports the projects in it. It returns an
// *UnsupportedError when only stacks without templates are found and a
// *NoProjectError when nothing is recognised.
func Scan(fsys fs.FS) (Report, error) {
	ix, err := newIndex(fsys)
	if err != nil {
		return Report{}, err
	}
	s := &scan{ix: ix, report: &Report{Projects: []Project{}, Warnings: []string{}}}
	s.report.Languages = languageStats(ix)

	var firstErr error
	for _, dir := range s.candidateDirs() {
		for _, d := range detectors {
			if !s.hasManifest(dir, d.manifests) {
				continue
			}
			projects, err := d.detect(s, dir)
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			if len(projects) > 0 {
				s.report.Projects = append(s.report.Projects, projects...)
				s.noteShadowed(dir, d.stack)
				break
			}
		}
	}
	s.report.Warnings = append(s.report.Warnings, ix.warnings...)
	if s.report.Notes == nil {
		s.report.Notes = []string{}
	}
	sort.SliceStable(s.report.Projects, func(i, j int) bool { return s.report.Projects[i].Path < s.report.Projects[j].Path })
	for i := range s.report.Projects {
		normalise(&s.report.Projects[i])
	}
	if len(s.report.Projects) == 0 {
		if firstErr != nil {
			return *s.report, firstErr
		}
		if markers := unsupportedMarkers(ix); len(markers) > 0 {
			return *s.report, &UnsupportedError{Found: markers}
		}
		return *s.report, &NoProjectError{Looked: allManifests()}
	}
	return *s.report, nil
}

// candidateDirs are the folders that may hold projects: the root when it has
// a manifest of any stack (detectors expand workspaces themselves), else the
// outermost folders that have one.
func (s *scan) candidateDirs() []string {
	all := allManifests()
	if s.hasManifest(".", all) {
		return []string{"."}
	}
	var dirs []string
	seen := map[string]bool{}
	for _, p := range s.ix.named(all...) {
		dir := path.Dir(p)
		if seen[dir] || insideAny(dir, dirs) || isFixtureDir(dir) {
			continue
		}
		seen[dir] = true
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	// Keep only the outermost: a nested manifest belongs to its parent project.
	var out []string
	for _, d := range dirs {
		if !insideAny(d, out) {
			out = append(out, d)
		}
	}
	return out
}

func insideAny(dir string, parents []string) bool {
	for _, p := range parents {
		if p == "." || strings.HasPrefix(dir, p+"/") {
			return true
		}
	}
	return false
}

// isFixtureDir reports folders that hold test data, not applications.
func isFixtureDir(dir string) bool {
	for _, part := range strings.Split(dir, "/") {
		if part == "testdata" || part == "fixtures" || strings.HasPrefix(part, "_") {
			return true
		}
	}
	return false
}

// noteShadowed lets the detectors that lost dir to winner say what they saw.
func (s *scan) noteShadowed(dir, winner string) {
	for _, d := range detectors {
		if d.stack != winner && d.shadowed != nil && s.hasManifest(dir, d.manifests) {
			d.shadowed(s, dir, winner)
		}
	}
}

func (s *scan) hasManifest(dir string, names []string) bool {
	for _, n := range names {
		if s.ix.has(join(dir, n)) {
			return true
		}
	}
	return false
}

func allManifests() []string {
	var out []string
	for _, d := range detectors {
		out = append(out, d.manifests...)
	}
	return out
}

// join is path.Join that keeps "." out of relative paths.
func join(dir string, elem ...string) string {
	return path.Join(append([]string{dir}, elem...)...)
}

// rel makes p relative to dir (both slash paths inside the tree).
func rel(dir, p string) string {
	if dir == "." || dir == "" {
		return p
	}
	return strings.TrimPrefix(p, dir+"/")
}

func normalise(p *Project) {
	if p.Evidence == nil {
		p.Evidence = []Evidence{}
	}
	if p.Warnings == nil {
		p.Warnings = []string{}
	}
	if p.Runtimes == nil {
		p.Runtimes = []string{}
	}
	// Lists are [] rather than absent, so scripts see one shape for every stack.
	if p.RuntimesExcluded == nil {
		p.RuntimesExcluded = []ExcludedRuntime{}
	}
	if p.EntrypointCandidates == nil {
		p.EntrypointCandidates = []string{}
	}
	if p.RuntimeFiles == nil {
		p.RuntimeFiles = []string{}
	}
	if p.Context == "" {
		p.Context = p.Path
	}
	if p.Alternatives == nil {
		p.Alternatives = []Project{}
	}
	for i := range p.Alternatives {
		normalise(&p.Alternatives[i])
	}
}

// IsUsage reports errors that are the input's fault (exit 2), as opposed to
// the machine's.
func IsInputError(err error) bool {
	var u *UnsupportedError
	var n *NoProjectError
	var m *NoMainError
	var mf *ManifestError
	return errors.As(err, &u) || errors.As(err, &n) || errors.As(err, &m) || errors.As(err, &mf)
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// displayDir names a tree folder in messages.
func displayDir(dir string) string {
	if dir == "." {
		return "the project root"
	}
	return dir
}
