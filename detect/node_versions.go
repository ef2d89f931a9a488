package detect

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// The Node.js release lines stagecraft knows, newest first. This table is
// the one place to update when a new line is released or promoted to LTS:
// add a row (and, when it becomes LTS, set LTS and Codename and make it
// currentLTS). Source: https://github.com/nodejs/Release (schedule.json).
//
// Debian is the Debian suite of the official node images stagecraft uses
// for the line (node:<v>-<Debian>-slim); Distroless is the major of
// gcr.io/distroless/nodejs<N>-debian12, or false when there is none.
var nodeLines = []nodeLine{
	{Major: 26, LTS: true, Codename: "", Debian: "trixie", Distroless: false, EOL: "2029-04-30"},
	{Major: 25, LTS: false, Debian: "trixie", Distroless: false, EOL: "2026-06-01"},
	{Major: 24, LTS: true, Codename: "krypton", Debian: "bookworm", Distroless: true, EOL: "2028-04-30"},
	{Major: 23, LTS: false, Debian: "bookworm", Distroless: false, EOL: "2025-06-01"},
	{Major: 22, LTS: true, Codename: "jod", Debian: "bookworm", Distroless: true, EOL: "2027-04-30"},
	{Major: 21, LTS: false, Debian: "bookworm", Distroless: false, EOL: "2024-06-01"},
	{Major: 20, LTS: true, Codename: "iron", Debian: "bookworm", Distroless: true, EOL: "2026-04-30"},
	{Major: 18, LTS: true, Codename: "hydrogen", Debian: "bookworm", Distroless: true, EOL: "2025-04-30"},
	{Major: 16, LTS: true, Codename: "gallium", Debian: "bullseye", Distroless: false, EOL: "2023-09-11"},
	{Major: 14, LTS: true, Codename: "fermium", Debian: "bullseye", Distroless: false, EOL: "2023-04-30"},
}

// currentLTS is the newest LTS line: the version used when a project says
// nothing, and what `lts/*` means.
const currentLTS = 26

// nodeTableDate is when nodeLines was last checked. End-of-life warnings
// compare against it, never against the clock, so output is deterministic.
const nodeTableDate = "2026-11-28"

// Older LTS codenames, for `lts/<name>` in .nvmrc.
var oldLTSCodenames = map[string]int{
	"argon": 4, "boron": 6, "carbon": 8, "dubnium": 10, "erbium": 12,
}

type nodeLine struct {
	Major      int
	LTS        bool
	Codename   string
	Debian     string
	Distroless bool
	EOL        string // YYYY-MM-DD
}

// NodeLine describes a Node.js major for the generator: the Debian suite
// of its official images and whether a distroless image exists.
type NodeLine struct {
	Major      int
	Debian     string
	Distroless bool
	Known      bool
}

// LookupNodeLine returns what stagecraft knows about a Node.js version
// ("20", "20.11.1"). Unknown majors get the current LTS's image suite.
func LookupNodeLine(version string) NodeLine {
	major, ok := nodeMajor(version)
	if ok {
		for _, l := range nodeLines {
			if l.Major == major {
				return NodeLine{Major: major, Debian: l.Debian, Distroless: l.Distroless, Known: true}
			}
		}
	}
	cur := lineOf(currentLTS)
	return NodeLine{Major: major, Debian: cur.Debian, Known: false}
}

func lineOf(major int) nodeLine {
	for _, l := range nodeLines {
		if l.Major == major {
			return l
		}
	}
	return nodeLine{}
}

func nodeMajor(v string) (int, bool) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	head, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(head)
	return n, err == nil && n > 0
}

// nodeVersionFile reads one line of .nvmrc or .node-version: "20",
// "v20.11.1", "lts/*", "lts/iron", "node". It returns the version to use
// and a note when the file said something that needed interpreting.
func nodeVersionFile(content string) (version, note string, err error) {
	v := ""
	for _, line := range strings.Split(content, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line != "" {
			v = line
			break
		}
	}
	if v == "" {
		return "", "", fmt.Errorf("empty")
	}
	lower := strings.ToLower(v)
	switch {
	case lower == "lts/*" || lower == "lts" || lower == "lts/-0":
		return strconv.Itoa(currentLTS), fmt.Sprintf("%s: the current LTS, Node %d", v, currentLTS), nil
	case strings.HasPrefix(lower, "lts/"):
		name := strings.TrimPrefix(lower, "lts/")
		for _, l := range nodeLines {
			if l.Codename != "" && l.Codename == name {
				return strconv.Itoa(l.Major), fmt.Sprintf("%s: Node %d", v, l.Major), nil
			}
		}
		if m, ok := oldLTSCodenames[name]; ok {
			return strconv.Itoa(m), fmt.Sprintf("%s: Node %d", v, m), nil
		}
		return "", "", fmt.Errorf("unknown LTS codename %q", name)
	case lower == "node" || lower == "stable" || lower == "latest" || lower == "current":
		newest := nodeLines[0].Major
		return strconv.Itoa(newest), fmt.Sprintf("%s: the newest release line stagecraft knows, Node %d", v, newest), nil
	}
	clean := strings.TrimPrefix(lower, "v")
	if !nodeVersionRe(clean) {
		return "", "", fmt.Errorf("%q is not a Node.js version (want 20, v20.11.1 or lts/*)", v)
	}
	return clean, "", nil
}

// nodeVersionRe accepts 20, 20.11 and 20.11.1.
func nodeVersionRe(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 4 {
			return false
		}
		for _, r := range p {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	_, ok := nodeMajor(v)
	return ok
}

// resolveEngines turns an engines.node range into the Node major to build
// with: the newest LTS line with a release inside the range (">=18" is the
// newest LTS, not 18), else the newest known line inside it. ok is false
// when no known line satisfies the range.
func resolveEngines(rng string) (major int, why string, ok bool, err error) {
	c, err := semver.NewConstraint(npmRange(rng))
	if err != nil {
		return 0, "", false, fmt.Errorf("engines.node %q is not a semver range: %v", rng, err)
	}
	for _, lts := range []bool{true, false} {
		for _, l := range nodeLines { // newest first
			if l.LTS != lts || !lineSatisfies(c, l.Major) {
				continue
			}
			kind := "LTS line"
			if !lts {
				kind = "release line (no LTS line satisfies it)"
			}
			return l.Major, fmt.Sprintf("engines.node %q: newest %s inside the range is %d", rng, kind, l.Major), true, nil
		}
	}
	return 0, "", false, nil
}

// lineSatisfies reports whether any release of major falls inside c. It
// probes a grid of minor and patch numbers, which covers every range npm
// users write (bounds with minors and patches below 100).
func lineSatisfies(c *semver.Constraints, major int) bool {
	for minor := 0; minor < 100; minor++ {
		for _, patch := range []int{0, 1, 2, 3, 5, 9, 10, 20, 50, 99} {
			if c.Check(semver.New(uint64(major), uint64(minor), uint64(patch), "", "")) {
				return true
			}
		}
	}
	return false
}

// npmRange adapts npm range syntax Masterminds does not read: "x" parts
// are read already; a bare "*"/"" means any, and "lts/*" is not a range.
func npmRange(r string) string {
	r = strings.TrimSpace(r)
	if r == "" || r == "latest" {
		return "*"
	}
	return r
}

// nodeEOL reports whether major's end of life is before nodeTableDate.
func nodeEOL(major int) (string, bool) {
	l := lineOf(major)
	if l.Major == 0 {
		return "", false
	}
	return l.EOL, l.EOL < nodeTableDate
}

// semverConstraint parses an npm range.
func semverConstraint(rng string) (*semver.Constraints, error) {
	c, err := semver.NewConstraint(npmRange(rng))
	if err != nil {
		return nil, fmt.Errorf("engines.node %q is not a semver range: %v", rng, err)
	}
	return c, nil
}

// versionSatisfies reports whether a version ("20" or "20.11.1") fits c;
// a bare major fits when any release of that line does.
func versionSatisfies(c *semver.Constraints, version string, major int) bool {
	if strings.Count(version, ".") == 2 {
		if v, err := semver.NewVersion(version); err == nil {
			return c.Check(v)
		}
	}
	return lineSatisfies(c, major)
}
