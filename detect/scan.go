package detect

import (
	"errors"
	"fmt"
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
	// offer, if set, says whether a project this detector found in a
	// folder another stack won is worth offering as an alternative (a
	// server, not a helper script); unset offers every project.
	offer func(p Project) bool
	// shadowed, if set, is told when another stack won a folder that also
	// holds this stack's manifest and no alternative was offered (err is
	// why detect found none, if it failed): it adds a Report note, or
	// returns a warning for the winning project.
	shadowed func(s *scan, dir, winner string, err error) (warning string)
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
		r := Report{}
		r.normalise()
		return r, err
	}
	s := &scan{ix: ix, report: &Report{Projects: []Project{}, Warnings: []string{}}}
	s.report.Languages = languageStats(ix)

	var firstErr error
	for _, dir := range s.candidateDirs() {
		for i, d := range detectors {
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
				s.shadow(dir, d, detectors[i+1:], projects)
				s.report.Projects = append(s.report.Projects, projects...)
				break
			}
		}
	}
	s.report.Warnings = append(s.report.Warnings, ix.warnings...)
	sort.SliceStable(s.report.Projects, func(i, j int) bool { return s.report.Projects[i].Path < s.report.Projects[j].Path })
	s.report.normalise()
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

// shadow runs the detectors that lost dir to winner, whose projects are
// won. A project one of them finds there is kept as an alternative of the
// winning project of that folder, with a warning that names it and how to
// build it (--stack); without one, the detector's shadowed hook says what
// its manifest is for.
func (s *scan) shadow(dir string, winner detector, losers []detector, won []Project) {
	host := -1
	for i := range won {
		if won[i].Path == dir {
			host = i
		}
	}
	winnerFiles := s.manifestsIn(dir, winner.manifests)
	for _, d := range losers {
		if !s.hasManifest(dir, d.manifests) {
			continue
		}
		alt, ok, err := s.alternative(d, dir)
		if ok && host >= 0 {
			won[host].Alternatives = append(won[host].Alternatives, alt)
			files, verb := s.manifestsIn(dir, d.manifests), "holds"
			if len(files) > 1 {
				verb = "hold"
			}
			won[host].warn("%s %s a %s app too (%s); the %s project (%s) is built from this folder: build the %s app instead with --stack %s", strings.Join(files, ", "), verb, d.stack, alternativeSummary(alt), winner.stack, strings.Join(winnerFiles, ", "), d.stack, d.stack)
			continue
		}
		if d.shadowed == nil {
			continue
		}
		if w := d.shadowed(s, dir, winner.stack, err); w != "" {
			if host >= 0 {
				won[host].warn("%s", w)
			} else {
				s.report.Notes = append(s.report.Notes, w)
			}
		}
	}
}

// alternative runs d over dir, which another stack won, leaving no notes
// or warnings behind: only a project at dir that d offers is kept.
// The error is d's, for the shadowed hook to mention.
func (s *scan) alternative(d detector, dir string) (Project, bool, error) {
	notes, warnings, ixWarnings := len(s.report.Notes), len(s.report.Warnings), len(s.ix.warnings)
	projects, err := d.detect(s, dir)
	s.report.Notes, s.report.Warnings, s.ix.warnings = s.report.Notes[:notes], s.report.Warnings[:warnings], s.ix.warnings[:ixWarnings]
	if err != nil {
		return Project{}, false, err
	}
	for _, p := range projects {
		if p.Path == dir && (d.offer == nil || d.offer(p)) {
			return p, true, nil
		}
	}
	return Project{}, false, nil
}

// alternativeSummary says in a few words what an alternative runs.
func alternativeSummary(p Project) string {
	var parts []string
	if p.Framework != "" {
		parts = append(parts, p.Framework)
	}
	if p.Entrypoint != "" {
		parts = append(parts, "entry point "+p.Entrypoint)
	}
	if p.Port != nil {
		parts = append(parts, fmt.Sprintf("port %d", *p.Port))
	}
	if len(parts) == 0 {
		return "a " + p.Stack + " project"
	}
	return strings.Join(parts, ", ")
}

func (s *scan) manifestsIn(dir string, names []string) []string {
	var out []string
	for _, n := range names {
		if s.ix.has(join(dir, n)) {
			out = append(out, n)
		}
	}
	return out
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

// normalise gives every list of the report and its projects a non-nil
// value: JSON has [] rather than null, so scripts see one shape.
func (r *Report) normalise() {
	if r.Projects == nil {
		r.Projects = []Project{}
	}
	if r.Languages == nil {
		r.Languages = []LanguageShare{}
	}
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	if r.Notes == nil {
		r.Notes = []string{}
	}
	for i := range r.Projects {
		normalise(&r.Projects[i])
	}
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
