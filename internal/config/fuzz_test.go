package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

// FuzzParse: no .stagecraft.yaml makes Parse panic; a file it refuses is
// an *Error naming the file (and the line, whenever the file has one); a
// file it accepts reads back the same after Marshal.
func FuzzParse(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte("version: 1\n"))
	f.Add([]byte("version: 1\nprojects: []\ntemplates: \"\"\nlint:\n  disable: []\n"))
	f.Add([]byte("version: 1\nprojects:\n  - path: .\n    port: 70000\n"))
	f.Add([]byte("version: 1\nprojects:\n  - path: ../x\n"))
	f.Add([]byte("version: 1\nprojects:\n  - path: a\n    labels: {a: &x b, c: *x}\n    secrets: [*x]\n"))
	f.Add([]byte("a: &a [*a]\nversion: 1\n"))
	f.Add([]byte("version: 1\n---\nversion: 1\n"))
	f.Add([]byte("version: !!binary AAAA\n"))
	f.Add([]byte("{version: 1, projects: [{path: ., entrypoint: \"a\\nRUN id\", name: \"$(id)\", include: ['`id`']}]}"))
	f.Add([]byte("version: 1\nprojects:\n  - path: .\n    output: \"../../etc/passwd\"\n"))
	f.Add([]byte("\t- x"))
	f.Add([]byte("version: 0x1\n"))
	f.Add([]byte("version: 1\nlint: {disable: [\"\"]}\n"))
	f.Add([]byte("? [a]\n: b\n"))
	f.Fuzz(func(t *testing.T, dt []byte) {
		const name = "repo/.stagecraft.yaml"
		file, err := Parse(name, dt)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("not a config error: %T %v", err, err)
			}
			if ce.File != name {
				t.Fatalf("error names file %q, want %q: %v", ce.File, name, err)
			}
			if ce.Line == 0 && strings.TrimSpace(string(dt)) != "" && !lineless(ce) {
				t.Fatalf("error without a line: %v\ninput: %q", err, dt)
			}
			if n := yamlLines(dt); ce.Line < 0 || ce.Line > n {
				t.Fatalf("line %d is outside the file (%d lines): %v", ce.Line, n, err)
			}
			return
		}
		again, err := Parse(name, file.Marshal())
		if err != nil {
			t.Fatalf("Marshal output does not parse: %v\n%s", err, file.Marshal())
		}
		if !sameFile(file, again) {
			t.Fatalf("round trip changed the file:\nbefore %+v\nafter  %+v\n%s", file, again, file.Marshal())
		}
	})
}

// yamlLines counts lines as YAML does: CR, LF, CRLF, NEL, LS and PS
// all end one.
// A UTF-16 file (with a byte order mark) is counted in its characters.
func yamlLines(dt []byte) int {
	s := string(dt)
	if len(dt) >= 2 && (dt[0] == 0xfe && dt[1] == 0xff || dt[0] == 0xff && dt[1] == 0xfe) {
		u := make([]uint16, 0, len(dt)/2)
		for i := 2; i+1 < len(dt); i += 2 {
			if dt[0] == 0xfe {
				u = append(u, uint16(dt[i])<<8|uint16(dt[i+1]))
			} else {
				u = append(u, uint16(dt[i+1])<<8|uint16(dt[i]))
			}
		}
		s = string(utf16.Decode(u))
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	n := 1
	for _, r := range s {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			n++
		}
	}
	return n
}

// lineless are the refusals that have no line to point at.
func lineless(e *Error) bool {
	return strings.Contains(e.Msg, "the file is empty")
}

func sameFile(a, b *File) bool {
	if a.Version != b.Version || a.Templates != b.Templates || !reflect.DeepEqual(norm(a.Lint.Disable), norm(b.Lint.Disable)) || len(a.Projects) != len(b.Projects) {
		return false
	}
	for i := range a.Projects {
		x, y := a.Projects[i], b.Projects[i]
		x.line, y.line, x.lines, y.lines = 0, 0, nil, nil
		x.Secrets, y.Secrets = norm(x.Secrets), norm(y.Secrets)
		x.Private, y.Private = norm(x.Private), norm(y.Private)
		x.Include, y.Include = norm(x.Include), norm(y.Include)
		if len(x.Labels) == 0 {
			x.Labels = nil
		}
		if len(y.Labels) == 0 {
			y.Labels = nil
		}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

func norm(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}
