package dockerfile

import (
	"errors"
	"testing"
)

func TestLintReportsBuildKitRules(t *testing.T) {
	dt := []byte("FROM golang:1.26 as build\nENV API_TOKEN=abc\nCOPY $UNDEFINED_THING /x\nCMD go run .\n")
	ws, err := Lint(dt)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, w := range ws {
		got[w.Rule] = w.Line
	}
	for rule, line := range map[string]int{
		"FromAsCasing":          1,
		"SecretsUsedInArgOrEnv": 2,
		"UndefinedVar":          3,
		"JSONArgsRecommended":   4,
	} {
		if got[rule] != line {
			t.Errorf("rule %s: got line %d, want %d (all: %v)", rule, got[rule], line, ws)
		}
	}
}

func TestLintCleanFile(t *testing.T) {
	dt := []byte("FROM golang:1.26 AS build\nWORKDIR /src\nRUN go env GOPATH\nFROM gcr.io/distroless/static-debian12:nonroot AS runtime\nCOPY --from=build /go/bin /app\nENTRYPOINT [\"/app/x\"]\n")
	ws, err := Lint(dt)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 0 {
		t.Fatalf("want no warnings, got %v", ws)
	}
}

func TestParseErrorHasLine(t *testing.T) {
	_, err := Lint([]byte("FROM alpine:3.22\nCOPY\n"))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Fatalf("want a parse error at line 2, got %#v", err)
	}
}
