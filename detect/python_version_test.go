package detect

import (
	"reflect"
	"testing"
)

func TestRequiresPythonRanges(t *testing.T) {
	for _, tc := range []struct {
		spec   string
		poetry bool
		want   []string // supported minors allowed
	}{
		{">=3.11,<3.13", false, []string{"3.11", "3.12"}},
		{">=3.9", false, []string{"3.9", "3.10", "3.11", "3.12", "3.13", "3.14"}},
		{"~=3.10", false, []string{"3.10", "3.11", "3.12", "3.13", "3.14"}},
		{"~=3.10.2", false, []string{"3.10"}},
		{"==3.11.*", false, []string{"3.11"}},
		{"==3.12", false, []string{"3.12"}},
		{">=3.10, !=3.12.*, <3.14", false, []string{"3.10", "3.11", "3.13"}},
		{">3.11", false, []string{"3.11", "3.12", "3.13", "3.14"}}, // 3.11.1 > 3.11
		{"<=3.12", false, []string{"3.9", "3.10", "3.11", "3.12"}},
		{">=3.15", false, nil},
		{"^3.10", true, []string{"3.10", "3.11", "3.12", "3.13", "3.14"}},
		{"~3.11", true, []string{"3.11"}},
		{">=3.9 <3.12", true, []string{"3.9", "3.10", "3.11"}},
		{">=3.9,<3.11", true, []string{"3.9", "3.10"}},
		{"3.12.*", true, []string{"3.12"}},
		{"^3.9 || ~3.13", true, []string{"3.9", "3.10", "3.11", "3.12", "3.13", "3.14"}},
		{">= 3.10, < 3.12", true, []string{"3.10", "3.11"}},
		{"*", true, []string{"3.9", "3.10", "3.11", "3.12", "3.13", "3.14"}},
	} {
		var spec pySpec
		var err error
		if tc.poetry {
			spec, err = parsePoetryConstraint(tc.spec)
		} else {
			spec, err = parsePEP440(tc.spec)
		}
		if err != nil {
			t.Errorf("%q: %v", tc.spec, err)
			continue
		}
		if got := spec.supportedMinors(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.spec, got, tc.want)
		}
	}
}

func TestRequiresPythonErrors(t *testing.T) {
	for _, s := range []string{"3.11", ">=three", ">=3.*", ""} {
		if _, err := parsePEP440(s); err == nil {
			t.Errorf("%q: want an error", s)
		}
	}
}

func TestNormalizePythonName(t *testing.T) {
	for in, want := range map[string]string{
		"Flask": "flask", "flask_cors": "flask-cors", "Flask-CORS": "flask-cors",
		"zope.interface": "zope-interface", "a__b--c..d": "a-b-c-d", "Django": "django",
	} {
		if got := NormalizePythonName(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestParsePEP508(t *testing.T) {
	for _, tc := range []struct {
		in     string
		name   string
		extras []string
		ok     bool
	}{
		{"uvicorn[standard]>=0.30", "uvicorn", []string{"standard"}, true},
		{"Django (>=6.1,<6.2)", "django", nil, true},
		{"flask-cors==5.0", "flask-cors", nil, true},
		{"requests; python_version < '3.12'", "requests", nil, true},
		{"pkg @ https://example.invalid/pkg.whl", "pkg", nil, true},
		{"Flask", "flask", nil, true},
		{"flask cors", "", nil, false},
		{">=1.0", "", nil, false},
	} {
		name, extras, ok := parsePEP508(tc.in)
		if ok != tc.ok || name != tc.name || !reflect.DeepEqual(extras, tc.extras) {
			t.Errorf("%q: got %q %v %v, want %q %v %v", tc.in, name, extras, ok, tc.name, tc.extras, tc.ok)
		}
	}
}

func FuzzParsePEP440(f *testing.F) {
	for _, s := range []string{">=3.11,<3.13", "~=3.10", "==3.11.*", "^3.9 || ~3.13"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if spec, err := parsePEP440(s); err == nil {
			spec.supportedMinors()
		}
		if spec, err := parsePoetryConstraint(s); err == nil {
			spec.supportedMinors()
		}
	})
}
