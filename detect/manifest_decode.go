package detect

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// Manifests are decoded into structs that hold only the fields stagecraft
// reads, so a field it does not read never fails a manifest. When a field
// it reads has the wrong type, the decoders' errors name Go types
// ("cannot decode TOML string into struct field struct { … } of type
// []string"); the functions here say instead which key, on which line,
// and what it should be: "project.dependencies: want a list of strings,
// not a string (dependencies = ["flask"])".

// decodeTOML parses a TOML manifest into v. A syntax error or a value of
// the wrong type is a ManifestError with the line.
func decodeTOML(file string, dt []byte, v any) error {
	err := toml.Unmarshal(dt, v)
	if err == nil {
		return nil
	}
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return &ManifestError{File: file, Err: err}
	}
	row, _ := de.Position()
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	if !strings.HasPrefix(msg, "cannot decode") && !strings.Contains(msg, " into ") {
		return &ManifestError{File: file, Line: row, Err: fmt.Errorf("invalid TOML: %s", msg)}
	}
	// A type mismatch: find it in the document decoded without a schema.
	var generic map[string]any
	if toml.Unmarshal(dt, &generic) == nil {
		found := mismatches(reflect.TypeOf(v), generic, tomlSyntax)
		if m, ok := pickMismatch(found, []string(de.Key()), false); ok {
			return &ManifestError{File: file, Line: row, Err: errors.New(m.String())}
		}
	}
	key := strings.Join(de.Key(), ".")
	if key == "" {
		key = "a value"
	}
	return &ManifestError{File: file, Line: row, Err: fmt.Errorf("%s: wrong type", key)}
}

// decodeJSON parses a JSON manifest into v. A syntax error or a value of
// the wrong type is a ManifestError with the line.
func decodeJSON(file string, dt []byte, v any) error {
	err := json.Unmarshal(dt, v)
	if err == nil {
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &ManifestError{File: file, Line: lineAt(dt, int(syn.Offset)), Err: fmt.Errorf("invalid JSON: %v", syn)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &ManifestError{File: file, Line: lineAt(dt, len(dt)), Err: fmt.Errorf("invalid JSON: unexpected end of file")}
	case errors.As(err, &typ):
		return jsonTypeErr(file, dt, reflect.TypeOf(v), typ)
	}
	return &ManifestError{File: file, Err: err}
}

// jsonTypeErr explains a json.UnmarshalTypeError from decoding dt into t.
func jsonTypeErr(file string, dt []byte, t reflect.Type, typ *json.UnmarshalTypeError) error {
	if typ.Field == "" {
		return &ManifestError{File: file, Line: lineAt(dt, int(typ.Offset)), Err: fmt.Errorf("want a JSON object at the top level, not %s", jsonKind(typ.Value))}
	}
	var generic any
	if json.Unmarshal(dt, &generic) == nil {
		// encoding/json's Field names struct fields only (no map keys,
		// no indexes).
		if m, ok := pickMismatch(mismatches(t, generic, jsonSyntax), strings.Split(typ.Field, "."), true); ok {
			line := lineAt(dt, int(typ.Offset))
			if len(m.keys) <= 2 {
				if l, ok := jsonKeyLines(dt)[strings.Join(m.keys, ".")]; ok {
					line = l
				}
			}
			return &ManifestError{File: file, Line: line, Err: errors.New(m.String())}
		}
	}
	return &ManifestError{File: file, Line: lineAt(dt, int(typ.Offset)), Err: fmt.Errorf("%s: want %s, not %s", typ.Field, describeType(typ.Type, jsonSyntax), jsonKind(typ.Value))}
}

func jsonKind(v string) string {
	switch v {
	case "object":
		return "an object"
	case "array":
		return "an array"
	case "bool":
		return "a boolean"
	case "number":
		return "a number"
	case "string":
		return "a string"
	}
	return v
}

// syntax is the manifest language, for naming types and writing hints.
type syntax int

const (
	tomlSyntax syntax = iota
	jsonSyntax
	yamlSyntax
)

// mismatch is one value whose type is not what stagecraft reads.
type mismatch struct {
	path string // for people: package[1].groups
	// keys are the keys on the way, without indexes; fields are the
	// struct fields only (what encoding/json reports).
	keys, fields []string
	want, got    string
	hint         string
}

func (m mismatch) String() string {
	s := fmt.Sprintf("%s: want %s, not %s", m.path, m.want, m.got)
	if m.hint != "" {
		s += " (" + m.hint + ")"
	}
	return s
}

// pickMismatch returns the mismatch the decoder stopped at: the first
// whose keys (or struct fields) start with (or equal) at.
func pickMismatch(found []mismatch, at []string, fieldsOnly bool) (mismatch, bool) {
	for _, m := range found {
		path := m.keys
		if fieldsOnly {
			path = m.fields
			if slicesEqual(path, at) {
				return m, true
			}
			continue
		}
		if len(path) >= len(at) && slicesEqual(path[:len(at)], at) {
			return m, true
		}
	}
	if len(found) > 0 {
		return found[0], true
	}
	return mismatch{}, false
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var (
	rawMessageType = reflect.TypeOf(json.RawMessage(nil))
	timeType       = reflect.TypeOf(time.Time{})
)

// mismatches walks a document decoded without a schema (maps, lists,
// scalars) beside the struct type it is decoded into, and lists every
// value of the wrong type, in document order for lists and key order
// for tables.
func mismatches(t reflect.Type, v any, syn syntax) []mismatch {
	var out []mismatch
	walkTypes(t, v, syn, walkPath{}, &out)
	return out
}

type walkPath struct {
	display      string
	keys, fields []string
	last         string // the last key, for hints ("" under an index)
}

func (p walkPath) key(k string, field bool) walkPath {
	n := walkPath{keys: append(append([]string{}, p.keys...), k), fields: p.fields, last: k}
	if field {
		n.fields = append(append([]string{}, p.fields...), k)
	}
	n.display = k
	if needsQuotes(k) {
		n.display = strconv.Quote(k)
	}
	if p.display != "" {
		n.display = p.display + "." + n.display
	}
	return n
}

func (p walkPath) index(i int) walkPath {
	return walkPath{display: fmt.Sprintf("%s[%d]", p.display, i), keys: p.keys, fields: p.fields}
}

func needsQuotes(k string) bool {
	if k == "" {
		return true
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '@' || r == '/') {
			return true
		}
	}
	return false
}

func walkTypes(t reflect.Type, v any, syn syntax, at walkPath, out *[]mismatch) {
	if v == nil {
		return // JSON null leaves the field empty
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawMessageType || t.Kind() == reflect.Interface {
		return
	}
	bad := func() {
		m := mismatch{path: at.display, keys: at.keys, fields: at.fields, want: describeType(t, syn), got: describeValue(v, syn)}
		if m.path == "" {
			m.path = "the document"
		}
		m.hint = hint(t, v, syn, at.last)
		*out = append(*out, m)
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			bad()
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			bad()
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		switch n := v.(type) {
		case int64, int:
		case float64:
			if n != float64(int64(n)) {
				bad()
			}
		default:
			bad()
		}
	case reflect.Float32, reflect.Float64:
		switch v.(type) {
		case int64, int, float64:
		default:
			bad()
		}
	case reflect.Slice, reflect.Array:
		list, ok := v.([]any)
		if !ok {
			bad()
			return
		}
		for i, e := range list {
			walkTypes(t.Elem(), e, syn, at.index(i), out)
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			bad()
			return
		}
		for _, k := range sortedKeysAny(m) {
			walkTypes(t.Elem(), m[k], syn, at.key(k, false), out)
		}
	case reflect.Struct:
		if t == timeType {
			return
		}
		m, ok := v.(map[string]any)
		if !ok {
			bad()
			return
		}
		type field struct {
			name string
			typ  reflect.Type
		}
		var fields []field
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := fieldName(f, syn)
			if name == "-" {
				continue
			}
			fields = append(fields, field{name, f.Type})
		}
		sort.SliceStable(fields, func(i, j int) bool { return fields[i].name < fields[j].name })
		for _, f := range fields {
			if val, ok := m[f.name]; ok {
				walkTypes(f.typ, val, syn, at.key(f.name, true), out)
			}
		}
	}
}

func fieldName(f reflect.StructField, syn syntax) string {
	tag := map[syntax]string{tomlSyntax: "toml", jsonSyntax: "json", yamlSyntax: "yaml"}[syn]
	name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
	if name == "" {
		return f.Name
	}
	return name
}

// describeType names what a field holds, in the manifest's words.
func describeType(t reflect.Type, syn syntax) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	table := "a table"
	list := "a list"
	if syn != tomlSyntax {
		table = "an object"
	}
	if syn == jsonSyntax {
		list = "an array"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		e := t.Elem()
		for e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		if syn == tomlSyntax && (e.Kind() == reflect.Struct || e.Kind() == reflect.Map) {
			return "an array of tables"
		}
		if e.Kind() == reflect.Interface {
			return list
		}
		return "a list of " + plural(e, syn)
	case reflect.Map:
		e := t.Elem()
		if e.Kind() == reflect.Interface || e == rawMessageType {
			return table
		}
		return table + " of " + plural(e, syn)
	case reflect.Struct:
		return table
	}
	return "another type"
}

func plural(t reflect.Type, syn syntax) string {
	d := describeType(t, syn)
	for _, article := range []string{"a ", "an "} {
		if strings.HasPrefix(d, article) {
			word, rest, _ := strings.Cut(strings.TrimPrefix(d, article), " ")
			if rest != "" {
				return word + "s " + rest
			}
			return word + "s"
		}
	}
	return d
}

// describeValue names what the document holds.
func describeValue(v any, syn syntax) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int64, int:
		if syn == jsonSyntax {
			return "a number"
		}
		return "an integer"
	case float64:
		return "a number"
	case []any:
		if syn == jsonSyntax {
			return "an array"
		}
		return "a list"
	case map[string]any:
		if syn == tomlSyntax {
			return "a table"
		}
		return "an object"
	case time.Time, toml.LocalDate, toml.LocalDateTime, toml.LocalTime:
		return "a date or time"
	}
	return fmt.Sprintf("a %T", v)
}

// hint shows the fix for the common mistakes: a string where a list of
// strings goes, a number or boolean where a string goes.
func hint(t reflect.Type, v any, syn syntax, key string) string {
	if key == "" {
		return ""
	}
	var want string
	switch {
	case t.Kind() == reflect.String:
		switch v := v.(type) {
		case int64:
			want = strconv.Quote(strconv.FormatInt(v, 10))
		case int:
			want = strconv.Quote(strconv.Itoa(v))
		case float64:
			want = strconv.Quote(strconv.FormatFloat(v, 'f', -1, 64))
		case bool:
			want = strconv.Quote(strconv.FormatBool(v))
		}
	case (t.Kind() == reflect.Slice) && t.Elem().Kind() == reflect.String:
		if s, ok := v.(string); ok {
			want = "[" + strconv.Quote(s) + "]"
		}
	}
	if want == "" {
		return ""
	}
	switch syn {
	case jsonSyntax:
		return strconv.Quote(key) + ": " + want
	case yamlSyntax:
		return key + ": " + want
	}
	if needsQuotes(key) || strings.ContainsAny(key, "@/") {
		key = strconv.Quote(key)
	}
	return key + " = " + want
}
