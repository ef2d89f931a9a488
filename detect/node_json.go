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

// packageJSON is the part of package.json stagecraft reads. A field it
// reads with the wrong type is a ManifestError naming the key; fields it
// does not read may hold anything.
type packageJSON struct {
	file            string
	Name            string
	Main            string
	Module          string
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

// packageJSONDoc is the schema package.json is decoded with.
type packageJSONDoc struct {
	Name                 string            `json:"name"`
	Main                 string            `json:"main"`
	Module               string            `json:"module"`
	PackageManager       string            `json:"packageManager"`
	Scripts              map[string]string `json:"scripts"`
	Dependencies         map[string]string `json:"dependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	PeerDependencies     map[string]string `json:"peerDependencies"`
	// Engines is an object, or in package.json files from npm's early
	// days a list (["node >= 0.6"]): read below.
	Engines json.RawMessage `json:"engines"`
	Volta   *struct {
		Node string `json:"node"`
	} `json:"volta"`
	// Workspaces is a list or {"packages": [...]}: read below.
	Workspaces json.RawMessage `json:"workspaces"`
}

func readPackageJSON(s *scan, file string) (*packageJSON, error) {
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return nil, s.ix.unreadable(file)
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
	var doc packageJSONDoc
	if err := decodeJSON(file, dt, &doc); err != nil {
		return nil, err
	}
	pj := &packageJSON{
		file: file, lines: jsonKeyLines(dt),
		Name: doc.Name, Main: doc.Main, Module: doc.Module, PackageManager: doc.PackageManager,
		Scripts: doc.Scripts, Dependencies: doc.Dependencies, DevDependencies: doc.DevDependencies,
		OptionalDeps: doc.OptionalDependencies, PeerDeps: doc.PeerDependencies,
	}
	if v := doc.Engines; len(v) > 0 && string(v) != "null" {
		var engines map[string]json.RawMessage
		if json.Unmarshal(v, &engines) != nil {
			// The old list form says nothing a build can rely on.
			warn("%s:%d: engines is not an object ({\"node\": \">=20\"}); ignored", file, pj.line("engines"))
		} else if node, ok := engines["node"]; ok && string(node) != "null" {
			var version string
			if err := json.Unmarshal(node, &version); err != nil {
				var val any
				_ = json.Unmarshal(node, &val)
				example := ">=20"
				switch val.(type) {
				case float64, bool:
					example = string(node) // 20 → "20"
				}
				return nil, &ManifestError{File: file, Line: pj.line("engines.node"), Err: fmt.Errorf("engines.node: want a string, not %s (\"node\": %q)", describeValue(val, jsonSyntax), example)}
			}
			pj.Engines = map[string]string{"node": version}
		}
	}
	if doc.Volta != nil {
		pj.VoltaNode = doc.Volta.Node
	}
	if v := doc.Workspaces; len(v) > 0 && string(v) != "null" {
		var list []string
		var obj struct {
			Packages []string `json:"packages"`
		}
		switch {
		case json.Unmarshal(v, &list) == nil:
			pj.Workspaces, pj.HasWorkspaces = list, true
		case json.Unmarshal(v, &obj) == nil:
			pj.Workspaces, pj.HasWorkspaces = obj.Packages, true
		default:
			var val any
			_ = json.Unmarshal(v, &val)
			msg := fmt.Sprintf("workspaces: want a list of folders or {\"packages\": [...]}, not %s", describeValue(val, jsonSyntax))
			if s, ok := val.(string); ok {
				msg += fmt.Sprintf(" (\"workspaces\": [%q])", s)
			}
			return nil, &ManifestError{File: file, Line: pj.line("workspaces"), Err: errors.New(msg)}
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
