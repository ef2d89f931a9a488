package detect

import (
	"fmt"
	"strconv"
	"strings"
)

// PythonMinor is one Python minor release stagecraft builds for.
type PythonMinor struct {
	Version string // "3.12"
	// EOL marks a release that no longer gets security fixes upstream.
	EOL bool
}

// PythonVersions is the one table of supported Python minors, oldest first.
// Each has python:<v>-slim-bookworm and python:<v>-alpine images.
// DefaultPython is the current stable release, used when a project states
// no version. Add a line here when a new minor ships.
var PythonVersions = []PythonMinor{
	{Version: "3.9", EOL: true},
	{Version: "3.10"},
	{Version: "3.11"},
	{Version: "3.12"},
	{Version: "3.13"},
	{Version: "3.14"},
}

const DefaultPython = "3.14"

// DistrolessPython is the interpreter of gcr.io/distroless/python3-debian12:
// Debian 12's Python, at /usr/bin/python3.11.
const DistrolessPython = "3.11"

// PythonMinorOf returns "3.12" for "3.12", "3.12.4" or "3.12.0rc1".
func PythonMinorOf(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' })
}

// PythonSupported reports whether v (a minor or a full version) is in the table.
func PythonSupported(v string) bool {
	m := PythonMinorOf(v)
	for _, s := range PythonVersions {
		if s.Version == m {
			return true
		}
	}
	return false
}

func pythonEOL(v string) bool {
	m := PythonMinorOf(v)
	for _, s := range PythonVersions {
		if s.Version == m {
			return s.EOL
		}
	}
	return false
}

// pyVersion is a release version: 3.12.1 → [3 12 1].
type pyVersion []int

func parsePyVersion(s string) (pyVersion, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "v")
	if s == "" {
		return nil, false
	}
	var out pyVersion
	for i, part := range strings.Split(s, ".") {
		// A pre-release or local suffix on the last part is ignored: 3.13.0rc1.
		end := 0
		for end < len(part) && part[end] >= '0' && part[end] <= '9' {
			end++
		}
		if end == 0 || i > 3 {
			return nil, false
		}
		n, _ := strconv.Atoi(part[:end])
		out = append(out, n)
		if end < len(part) {
			break
		}
	}
	return out, true
}

func (v pyVersion) at(i int) int {
	if i < len(v) {
		return v[i]
	}
	return 0
}

func cmpPyVersion(a, b pyVersion) int {
	for i := 0; i < max(len(a), len(b)); i++ {
		if a.at(i) != b.at(i) {
			if a.at(i) < b.at(i) {
				return -1
			}
			return 1
		}
	}
	return 0
}

// pyClause is one comparison of a version specifier.
type pyClause struct {
	op       string // == != < <= > >= ~= === ^ ~
	ver      pyVersion
	wildcard bool // ==3.11.*
}

// pySpec is a version constraint: alternatives (poetry's "||") of clauses
// that must all hold.
type pySpec [][]pyClause

// parsePEP440 parses a PEP 440 specifier set: ">=3.11,<3.13".
func parsePEP440(s string) (pySpec, error) {
	var clauses []pyClause
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		c, err := parseClause(part, false)
		if err != nil {
			return nil, err
		}
		clauses = append(clauses, c)
	}
	if len(clauses) == 0 {
		return nil, fmt.Errorf("empty version specifier")
	}
	return pySpec{clauses}, nil
}

// parsePoetryConstraint parses poetry's syntax: "^3.10", "~3.11",
// ">=3.9 <3.13", ">=3.9,<3.13", "3.11.*", "^3.9 || ^3.11".
func parsePoetryConstraint(s string) (pySpec, error) {
	var spec pySpec
	for _, alt := range strings.Split(s, "||") {
		var clauses []pyClause
		fields := strings.FieldsFunc(alt, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		// Rejoin an operator separated from its version: ">= 3.9".
		for i := 0; i < len(fields); i++ {
			f := fields[i]
			if strings.Trim(f, "<>=!~^") == "" && i+1 < len(fields) {
				f += fields[i+1]
				i++
			}
			c, err := parseClause(f, true)
			if err != nil {
				return nil, err
			}
			clauses = append(clauses, c)
		}
		if len(clauses) == 0 {
			return nil, fmt.Errorf("empty version constraint")
		}
		spec = append(spec, clauses)
	}
	return spec, nil
}

func parseClause(s string, poetry bool) (pyClause, error) {
	ops := []string{"===", "~=", "==", "!=", "<=", ">=", "<", ">"}
	if poetry {
		ops = append(ops, "^", "~", "=")
	}
	var c pyClause
	for _, op := range ops {
		if strings.HasPrefix(s, op) {
			c.op = op
			s = strings.TrimSpace(s[len(op):])
			break
		}
	}
	if c.op == "" {
		if !poetry {
			return c, fmt.Errorf("%q: want an operator such as >=, ==, ~=", s)
		}
		c.op = "=="
	}
	if c.op == "=" || c.op == "===" {
		c.op = "=="
	}
	if s == "*" && poetry {
		c.op, c.ver = ">=", pyVersion{0}
		return c, nil
	}
	if strings.HasSuffix(s, ".*") {
		if c.op != "==" && c.op != "!=" {
			return c, fmt.Errorf("%q: a .* wildcard goes with == or != only", c.op+s)
		}
		c.wildcard = true
		s = strings.TrimSuffix(s, ".*")
	}
	v, ok := parsePyVersion(s)
	if !ok {
		return c, fmt.Errorf("%q is not a version", s)
	}
	c.ver = v
	return c, nil
}

func (c pyClause) holds(v pyVersion) bool {
	switch c.op {
	case "==":
		if c.wildcard {
			for i := range c.ver {
				if v.at(i) != c.ver[i] {
					return false
				}
			}
			return true
		}
		return cmpPyVersion(v, c.ver) == 0
	case "!=":
		return !pyClause{op: "==", ver: c.ver, wildcard: c.wildcard}.holds(v)
	case "<":
		return cmpPyVersion(v, c.ver) < 0
	case "<=":
		return cmpPyVersion(v, c.ver) <= 0
	case ">":
		return cmpPyVersion(v, c.ver) > 0
	case ">=":
		return cmpPyVersion(v, c.ver) >= 0
	case "~=":
		// ~=3.10 is >=3.10,==3.*; ~=3.10.2 is >=3.10.2,==3.10.*
		if cmpPyVersion(v, c.ver) < 0 {
			return false
		}
		prefix := c.ver
		if len(prefix) > 1 {
			prefix = prefix[:len(prefix)-1]
		}
		return pyClause{op: "==", ver: prefix, wildcard: true}.holds(v)
	case "^":
		// ^3.10 is >=3.10,<4; ^0.2 is >=0.2,<0.3
		if cmpPyVersion(v, c.ver) < 0 {
			return false
		}
		for i, n := range c.ver {
			if n != 0 || i == len(c.ver)-1 {
				upper := append(pyVersion{}, c.ver[:i]...)
				upper = append(upper, n+1)
				return cmpPyVersion(v, upper) < 0
			}
		}
		return true
	case "~":
		// ~3.11 is >=3.11,<3.12; ~3 is >=3,<4
		if cmpPyVersion(v, c.ver) < 0 {
			return false
		}
		n := min(len(c.ver), 2)
		upper := append(pyVersion{}, c.ver[:n]...)
		upper[n-1]++
		return cmpPyVersion(v, upper) < 0
	}
	return false
}

func (s pySpec) holds(v pyVersion) bool {
	for _, alt := range s {
		ok := true
		for _, c := range alt {
			if !c.holds(v) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// allowsMinor reports whether some release of minor m ("3.12") satisfies s.
func (s pySpec) allowsMinor(m string) bool {
	base, _ := parsePyVersion(m)
	for patch := 0; patch <= 40; patch++ {
		if s.holds(pyVersion{base.at(0), base.at(1), patch}) {
			return true
		}
	}
	return false
}

// supportedMinors lists the supported minors s allows, oldest first.
func (s pySpec) supportedMinors() []string {
	var out []string
	for _, m := range PythonVersions {
		if s.allowsMinor(m.Version) {
			out = append(out, m.Version)
		}
	}
	return out
}

func allMinors() []string {
	out := make([]string, 0, len(PythonVersions))
	for _, m := range PythonVersions {
		out = append(out, m.Version)
	}
	return out
}
