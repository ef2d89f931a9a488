package detect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// packageJSON is the part of package.json stagecraft reads. Fields of the
// wrong type are dropped with a warning instead of failing the scan:
// package.json files in the wild carry every kind of oddity.
type packageJSON struct {
	file            string
	Name            string
	Main            string
	Module          string
	Type            string
	PackageManager  string
	Scripts         map[string]string
	Dependencies    map[string]string
	DevDependencies map[string]string
	OptionalDeps    map[string]string
	PeerDeps        map[string]string
	Engines         map[string]string
	VoltaNode       string
	Workspaces      []string
	HasWorkspaces   bool
	// lines maps "key" and "key.sub" to the line they are on.
	lines map[string]int
}

func readPackageJSON(s *scan, file string) (*packageJSON, error) {
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return nil, &ManifestError{File: file, Err: fmt.Errorf("cannot be read (see warnings)")}
	}
	return parsePackageJSON(file, dt, func(format string, args ...any) { s.ix.warn(format, args...) })
}

func parsePackageJSON(file string, dt []byte, warn func(string, ...any)) (*packageJSON, error) {
	dt = bytes.TrimPrefix(dt, []byte("\xef\xbb\xbf"))
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(dt, &raw); err != nil {
		return nil, nodeJSONErr(file, dt, err)
	}
	if raw == nil {
		return nil, &ManifestError{File: file, Line: 1, Err: fmt.Errorf("want a JSON object")}
	}
	pj := &packageJSON{file: file, lines: jsonKeyLines(dt)}
	str := func(key string, dst *string) {
		if v, ok := raw[key]; ok {
			if err := json.Unmarshal(v, dst); err != nil {
				warn("%s:%d: %q is not a string; ignored", file, pj.line(key), key)
			}
		}
	}
	strMap := func(key string, dst *map[string]string) {
		v, ok := raw[key]
		if !ok {
			return
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(v, &m); err != nil {
			warn("%s:%d: %q is not an object; ignored", file, pj.line(key), key)
			return
		}
		*dst = map[string]string{}
		for k, vv := range m {
			var s string
			if json.Unmarshal(vv, &s) == nil {
				(*dst)[k] = s
			}
		}
	}
	str("name", &pj.Name)
	str("main", &pj.Main)
	str("module", &pj.Module)
	str("type", &pj.Type)
	str("packageManager", &pj.PackageManager)
	strMap("scripts", &pj.Scripts)
	strMap("dependencies", &pj.Dependencies)
	strMap("devDependencies", &pj.DevDependencies)
	strMap("optionalDependencies", &pj.OptionalDeps)
	strMap("peerDependencies", &pj.PeerDeps)
	strMap("engines", &pj.Engines)
	if v, ok := raw["volta"]; ok {
		var volta struct {
			Node string `json:"node"`
		}
		if json.Unmarshal(v, &volta) == nil {
			pj.VoltaNode = volta.Node
		}
	}
	if v, ok := raw["workspaces"]; ok {
		pj.HasWorkspaces = true
		var list []string
		var obj struct {
			Packages []string `json:"packages"`
		}
		switch {
		case json.Unmarshal(v, &list) == nil:
			pj.Workspaces = list
		case json.Unmarshal(v, &obj) == nil:
			pj.Workspaces = obj.Packages
		default:
			warn("%s:%d: \"workspaces\" is neither a list nor {\"packages\": [...]}; ignored", file, pj.line("workspaces"))
			pj.HasWorkspaces = false
		}
	}
	return pj, nil
}

func (pj *packageJSON) line(key string) int { return pj.lines[key] }

func (pj *packageJSON) script(name string) (string, bool) {
	v, ok := pj.Scripts[name]
	return v, ok && strings.TrimSpace(v) != ""
}

// dep reports whether name is a dependency of any kind, and which.
func (pj *packageJSON) dep(name string) (string, bool) {
	if _, ok := pj.Dependencies[name]; ok {
		return "dependencies", true
	}
	if _, ok := pj.DevDependencies[name]; ok {
		return "devDependencies", true
	}
	if _, ok := pj.OptionalDeps[name]; ok {
		return "optionalDependencies", true
	}
	return "", false
}

// depLine is the line where name is declared, for evidence.
func (pj *packageJSON) depLine(name string) int {
	if kind, ok := pj.dep(name); ok {
		return pj.line(kind + "." + name)
	}
	return 0
}

// depPrefix returns the first dependency (sorted) whose name starts with prefix.
func (pj *packageJSON) depPrefix(prefix string) (string, bool) {
	var names []string
	for _, m := range []map[string]string{pj.Dependencies, pj.DevDependencies} {
		for n := range m {
			if strings.HasPrefix(n, prefix) {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return "", false
	}
	sort.Strings(names)
	return names[0], true
}

// allDeps lists every dependency name of every kind, sorted.
func (pj *packageJSON) allDeps() []string {
	seen := map[string]bool{}
	for _, m := range []map[string]string{pj.Dependencies, pj.DevDependencies, pj.OptionalDeps, pj.PeerDeps} {
		for n := range m {
			seen[n] = true
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// jsonKeyLines walks the document's tokens and records the line of every
// key at depth one and two ("scripts", "scripts.start").
func jsonKeyLines(dt []byte) map[string]int {
	out := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(dt))
	type frame struct {
		obj    bool
		key    string
		expect bool // next string token in this object is a key
	}
	var stack []frame
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) > 0 && stack[len(stack)-1].obj {
					stack[len(stack)-1].expect = true
				}
				stack = append(stack, frame{obj: t == '{', expect: t == '{'})
			case '}', ']':
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].obj {
					stack[len(stack)-1].expect = true
				}
			}
			continue
		case string:
			if len(stack) > 0 && stack[len(stack)-1].obj && stack[len(stack)-1].expect {
				top := &stack[len(stack)-1]
				top.key = t
				top.expect = false
				if len(stack) <= 2 {
					var parts []string
					for _, f := range stack {
						parts = append(parts, f.key)
					}
					key := strings.Join(parts, ".")
					if _, seen := out[key]; !seen {
						out[key] = lineAt(dt, keyOffset(dt, before))
					}
				}
				continue
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].obj {
			stack[len(stack)-1].expect = true
		}
	}
}

// keyOffset skips the separators between the previous token and the key.
func keyOffset(dt []byte, off int64) int {
	i := int(off)
	for i < len(dt) && (dt[i] == ' ' || dt[i] == '\t' || dt[i] == '\n' || dt[i] == '\r' || dt[i] == ',' || dt[i] == ':') {
		i++
	}
	return i
}

func lineAt(dt []byte, off int) int {
	if off > len(dt) {
		off = len(dt)
	}
	return bytes.Count(dt[:off], []byte("\n")) + 1
}

// jsonErr turns a decoding error into a ManifestError with the line.
func nodeJSONErr(file string, dt []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &ManifestError{File: file, Line: lineAt(dt, int(syn.Offset)), Err: fmt.Errorf("invalid JSON: %v", syn)}
	case errors.As(err, &typ):
		return &ManifestError{File: file, Line: lineAt(dt, int(typ.Offset)), Err: fmt.Errorf("want a JSON object at the top level")}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &ManifestError{File: file, Line: lineAt(dt, len(dt)), Err: fmt.Errorf("invalid JSON: unexpected end of file")}
	}
	return &ManifestError{File: file, Err: err}
}

// stripJSONC removes // and /* */ comments and trailing commas, so
// tsconfig.json and bun.lock can be read with encoding/json.
func stripJSONC(dt []byte) []byte {
	var out bytes.Buffer
	inStr := false
	for i := 0; i < len(dt); i++ {
		c := dt[i]
		if inStr {
			out.WriteByte(c)
			if c == '\\' && i+1 < len(dt) {
				i++
				out.WriteByte(dt[i])
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
			out.WriteByte(c)
		case c == '/' && i+1 < len(dt) && dt[i+1] == '/':
			for i < len(dt) && dt[i] != '\n' {
				i++
			}
			if i < len(dt) {
				out.WriteByte('\n')
			}
		case c == '/' && i+1 < len(dt) && dt[i+1] == '*':
			i += 2
			for i+1 < len(dt) && !(dt[i] == '*' && dt[i+1] == '/') {
				if dt[i] == '\n' {
					out.WriteByte('\n')
				}
				i++
			}
			i++
		case c == ',':
			// Drop a comma followed only by whitespace and a closing bracket.
			j := i + 1
			for j < len(dt) && (dt[j] == ' ' || dt[j] == '\t' || dt[j] == '\n' || dt[j] == '\r') {
				j++
			}
			if j < len(dt) && (dt[j] == '}' || dt[j] == ']') {
				continue
			}
			out.WriteByte(c)
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes()
}
