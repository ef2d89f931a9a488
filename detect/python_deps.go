package detect

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
)

// NormalizePythonName normalises a distribution name per PEP 503:
// lower case, runs of '-', '_' and '.' become one '-'.
func NormalizePythonName(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		if r == '-' || r == '_' || r == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// pyRequirement is one declared dependency.
type pyRequirement struct {
	Name   string // PEP 503 normalised; "" for a path or URL without a name
	Extras []string
	Raw    string // the requirement as written (one line, no comment)
	File   string
	Line   int
	// Local is a path or file: URL (-e ., ./pkg): it needs the sources.
	Local bool
}

// parsePEP508 reads the name and extras at the start of a requirement
// string: "uvicorn[standard]>=0.30; python_version>'3.8'".
func parsePEP508(s string) (name string, extras []string, ok bool) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || (i > 0 && (c == '-' || c == '_' || c == '.')) {
			i++
			continue
		}
		break
	}
	if i == 0 {
		return "", nil, false
	}
	raw := strings.TrimRight(s[:i], "-_.")
	rest := strings.TrimSpace(s[len(raw):])
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return "", nil, false
		}
		for _, e := range strings.Split(rest[1:end], ",") {
			if e = NormalizePythonName(e); e != "" {
				extras = append(extras, e)
			}
		}
		rest = strings.TrimSpace(rest[end+1:])
	}
	// What may follow a name: a version, a marker, a URL, or nothing.
	if rest != "" && !strings.ContainsAny(rest[:1], "<>=!~;@(") {
		return "", nil, false
	}
	return NormalizePythonName(raw), extras, true
}

// requirementsFile is a parsed requirements file.
type requirementsFile struct {
	Reqs []pyRequirement
	// Includes are the files it references with -r/-c, relative to the
	// project, in order, recursively.
	Includes []string
	// Warnings are problems worth telling the user (credentials in an index URL).
	Warnings []string
}

// parseRequirements reads a pip requirements file and the files it
// includes. file is a tree path; dir is the project folder.
func parseRequirements(s *scan, dir, file string, seen map[string]bool, out *requirementsFile) error {
	if seen[file] {
		return nil
	}
	seen[file] = true
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return s.ix.unreadable(file)
	}
	sc := bufio.NewScanner(bytes.NewReader(dt))
	sc.Buffer(make([]byte, 64*1024), maxManifestBytes)
	lineNo := 0
	var logical strings.Builder
	start := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if logical.Len() == 0 {
			start = lineNo
		}
		// A comment starts at '#' at the line start or after whitespace.
		if i := commentStart(line); i >= 0 {
			line = line[:i]
		}
		if strings.HasSuffix(line, `\`) {
			logical.WriteString(strings.TrimSuffix(line, `\`))
			logical.WriteByte(' ')
			continue
		}
		logical.WriteString(line)
		text := strings.TrimSpace(logical.String())
		logical.Reset()
		if text == "" {
			continue
		}
		if err := requirementLine(s, dir, file, start, text, seen, out); err != nil {
			return err
		}
	}
	return nil
}

func commentStart(line string) int {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return i
		}
	}
	return -1
}

func requirementLine(s *scan, dir, file string, line int, text string, seen map[string]bool, out *requirementsFile) error {
	if strings.HasPrefix(text, "-") {
		opt, val := splitOption(text)
		switch opt {
		case "-r", "--requirement", "-c", "--constraint":
			if val == "" {
				return &ManifestError{File: file, Line: line, Err: fmt.Errorf("%s needs a file name", opt)}
			}
			if strings.Contains(val, "://") {
				return nil // a remote file: pip fetches it
			}
			inc := path.Clean(path.Join(path.Dir(file), val))
			if !s.ix.has(inc) {
				return &ManifestError{File: file, Line: line, Err: fmt.Errorf("%s %s: no such file in the project", opt, val)}
			}
			out.Includes = append(out.Includes, rel(dir, inc))
			return parseRequirements(s, dir, inc, seen, out)
		case "-e", "--editable":
			req := pyRequirement{Raw: text, File: file, Line: line, Local: isLocalRef(val)}
			if i := strings.Index(val, "#egg="); i >= 0 {
				req.Name = NormalizePythonName(strings.SplitN(val[i+5:], "&", 2)[0])
			}
			out.Reqs = append(out.Reqs, req)
			return nil
		}
		if (opt == "-i" || opt == "--index-url" || opt == "--extra-index-url") && urlHasCredentials(val) {
			out.Warnings = append(out.Warnings, fmt.Sprintf("%s:%d: the index URL carries credentials, and this file is copied into the image; move them to a build secret (--secret pip, index-url or netrc)", file, line))
		}
		return nil // index, find-links, hashes mode, …: pip's business
	}
	// Per-requirement options (--hash=…) follow the requirement.
	spec := text
	if i := strings.Index(spec, " --"); i >= 0 {
		spec = strings.TrimSpace(spec[:i])
	}
	if isLocalRef(spec) || strings.Contains(spec, "://") && !strings.Contains(spec, "@") {
		req := pyRequirement{Raw: spec, File: file, Line: line, Local: isLocalRef(spec)}
		if i := strings.Index(spec, "#egg="); i >= 0 {
			req.Name = NormalizePythonName(strings.SplitN(spec[i+5:], "&", 2)[0])
		}
		out.Reqs = append(out.Reqs, req)
		return nil
	}
	name, extras, ok := parsePEP508(spec)
	if !ok {
		return &ManifestError{File: file, Line: line, Err: fmt.Errorf("%q is not a requirement (want name[extras] version; markers)", spec)}
	}
	req := pyRequirement{Name: name, Extras: extras, Raw: spec, File: file, Line: line}
	if at := strings.Index(spec, "@"); at >= 0 && strings.Contains(spec[at:], "file:") {
		req.Local = true
	}
	out.Reqs = append(out.Reqs, req)
	return nil
}

func splitOption(text string) (string, string) {
	if i := strings.IndexAny(text, " =\t"); i >= 0 {
		return text[:i], strings.TrimSpace(strings.TrimLeft(text[i:], " =\t"))
	}
	// -rfile
	if len(text) > 2 && text[1] != '-' {
		return text[:2], strings.TrimSpace(text[2:])
	}
	return text, ""
}

// urlHasCredentials reports a URL with a user:password@ part (an ${ENV}
// reference is not a credential).
func urlHasCredentials(u string) bool {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return false
	}
	userinfo, _, ok := strings.Cut(strings.SplitN(rest, "/", 2)[0], "@")
	return ok && userinfo != "" && !strings.HasPrefix(userinfo, "${")
}

func isLocalRef(s string) bool {
	return s == "." || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "file:") || strings.HasPrefix(s, ".[")
}

// pyproject is the part of pyproject.toml stagecraft reads.
type pyproject struct {
	Project *struct {
		Name           string            `toml:"name"`
		RequiresPython string            `toml:"requires-python"`
		Dependencies   []string          `toml:"dependencies"`
		Scripts        map[string]string `toml:"scripts"`
	} `toml:"project"`
	// BuildSystem is read for its presence only.
	BuildSystem *struct{} `toml:"build-system"`
	Tool        struct {
		Poetry *struct {
			Name         string         `toml:"name"`
			PackageMode  *bool          `toml:"package-mode"`
			Dependencies map[string]any `toml:"dependencies"`
			Scripts      map[string]any `toml:"scripts"`
		} `toml:"poetry"`
		Uv *struct {
			Package *bool `toml:"package"`
		} `toml:"uv"`
	} `toml:"tool"`
}

// tomlKeyLine finds the line of key (or of a string item equal to key when
// quoted is set) inside table header section, for evidence. It is a
// locator over an already parsed file, not a parser.
func tomlKeyLine(dt []byte, section, key string, quoted bool) int {
	cur := ""
	for i, line := range strings.Split(string(dt), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "[[") && strings.HasSuffix(strings.SplitN(t, "#", 2)[0], "]") || strings.HasPrefix(t, "[[") {
			h := strings.Trim(strings.TrimSpace(strings.SplitN(t, "#", 2)[0]), "[] ")
			cur = strings.ReplaceAll(h, `"`, "")
			continue
		}
		if cur != section && !(section == "" && cur == "") {
			continue
		}
		if quoted {
			if strings.Contains(line, `"`+key) || strings.Contains(line, `'`+key) {
				return i + 1
			}
			continue
		}
		k := strings.TrimSpace(strings.SplitN(t, "=", 2)[0])
		if strings.Trim(k, `"'`) == key && strings.Contains(t, "=") {
			return i + 1
		}
	}
	return 0
}

// stringsLine finds the first line holding needle, for evidence.
func stringsLine(dt []byte, needle string) int {
	for i, line := range strings.Split(string(dt), "\n") {
		if strings.Contains(line, needle) {
			return i + 1
		}
	}
	return 0
}

// pipfile is the part of a Pipfile stagecraft reads.
type pipfile struct {
	Packages map[string]any `toml:"packages"`
	Requires struct {
		PythonVersion     string `toml:"python_version"`
		PythonFullVersion string `toml:"python_full_version"`
	} `toml:"requires"`
}

// lockedNames reads the package names a lockfile installs for production.
func lockedNames(s *scan, dir, lock string) ([]string, error) {
	file := join(dir, lock)
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return nil, s.ix.unreadable(file)
	}
	var names []string
	switch lock {
	case "Pipfile.lock":
		var l struct {
			Default map[string]json.RawMessage `json:"default"`
		}
		if err := decodeJSON(file, dt, &l); err != nil {
			return nil, err
		}
		for n := range l.Default {
			names = append(names, NormalizePythonName(n))
		}
	case "uv.lock":
		return uvProductionNames(file, dt)
	default: // poetry.lock, pdm.lock: [[package]] tables with groups
		var l struct {
			Package []struct {
				Name     string   `toml:"name"`
				Category string   `toml:"category"`
				Groups   []string `toml:"groups"`
			} `toml:"package"`
		}
		if err := decodeTOML(file, dt, &l); err != nil {
			return nil, err
		}
		for _, p := range l.Package {
			if p.Category != "" && p.Category != "main" {
				continue
			}
			if len(p.Groups) > 0 && !containsAny(p.Groups, "main", "default") {
				continue
			}
			names = append(names, NormalizePythonName(p.Name))
		}
	}
	sort.Strings(names)
	return names, nil
}

func containsAny(list []string, want ...string) bool {
	for _, x := range list {
		for _, w := range want {
			if x == w {
				return true
			}
		}
	}
	return false
}

// setupCfg is the part of setup.cfg stagecraft reads: [options]
// install_requires and python_requires, [options.entry_points] console_scripts.
type setupCfg struct {
	InstallRequires []pyRequirement
	PythonRequires  string
	PythonLine      int
	Scripts         map[string]string
}

// parseSetupCfg reads setup.cfg's INI format (sections, key = value,
// indented continuation lines, # and ; comments).
func parseSetupCfg(file string, dt []byte) (setupCfg, error) {
	out := setupCfg{Scripts: map[string]string{}}
	section, key := "", ""
	for i, raw := range strings.Split(string(dt), "\n") {
		lineNo := i + 1
		line := strings.TrimRight(raw, " \t\r")
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			// A continuation of key's value.
			if key == "" {
				return out, &ManifestError{File: file, Line: lineNo, Err: errors.New("indented line outside a value")}
			}
			setupCfgValue(&out, file, section, key, t, lineNo)
			continue
		}
		if strings.HasPrefix(t, "[") {
			if !strings.HasSuffix(t, "]") {
				return out, &ManifestError{File: file, Line: lineNo, Err: fmt.Errorf("section header %q has no closing ]", t)}
			}
			section, key = strings.TrimSpace(t[1:len(t)-1]), ""
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			k, v, ok = strings.Cut(t, ":")
		}
		if !ok {
			return out, &ManifestError{File: file, Line: lineNo, Err: fmt.Errorf("%q: want key = value", t)}
		}
		key = strings.TrimSpace(k)
		if v = strings.TrimSpace(v); v != "" {
			setupCfgValue(&out, file, section, key, v, lineNo)
		}
	}
	return out, nil
}

func setupCfgValue(out *setupCfg, file, section, key, v string, line int) {
	switch {
	case section == "options" && key == "install_requires":
		for _, part := range strings.Split(v, ";;") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			if name, extras, ok := parsePEP508(part); ok {
				out.InstallRequires = append(out.InstallRequires, pyRequirement{Name: name, Extras: extras, Raw: part, File: file, Line: line})
			}
		}
	case section == "options" && key == "python_requires":
		out.PythonRequires, out.PythonLine = v, line
	case section == "options.entry_points" && key == "console_scripts":
		if n, target, ok := strings.Cut(v, "="); ok {
			out.Scripts[strings.TrimSpace(n)] = strings.TrimSpace(target)
		}
	}
}

// uvProductionNames walks uv.lock from the project's own package through
// its dependencies (and the extras they request), leaving out dev groups,
// which `uv sync --no-dev` does not install.
func uvProductionNames(file string, dt []byte) ([]string, error) {
	type dep struct {
		Name  string   `toml:"name"`
		Extra []string `toml:"extra"`
	}
	var l struct {
		Package []struct {
			Name         string           `toml:"name"`
			Source       map[string]any   `toml:"source"`
			Dependencies []dep            `toml:"dependencies"`
			Optional     map[string][]dep `toml:"optional-dependencies"`
		} `toml:"package"`
	}
	if err := decodeTOML(file, dt, &l); err != nil {
		return nil, err
	}
	byName := map[string]int{}
	var queue []dep
	for i, p := range l.Package {
		byName[NormalizePythonName(p.Name)] = i
		if _, ok := p.Source["editable"]; ok {
			queue = append(queue, dep{Name: p.Name})
		} else if _, ok := p.Source["virtual"]; ok {
			queue = append(queue, dep{Name: p.Name})
		}
	}
	seen := map[string]bool{}
	var names []string
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		n := NormalizePythonName(d.Name)
		i, ok := byName[n]
		if !ok {
			continue
		}
		key := n + "[" + strings.Join(d.Extra, ",") + "]"
		if seen[key] {
			continue
		}
		seen[key] = true
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
		p := l.Package[i]
		queue = append(queue, p.Dependencies...)
		for _, e := range d.Extra {
			queue = append(queue, p.Optional[e]...)
		}
	}
	sort.Strings(names)
	return names, nil
}
