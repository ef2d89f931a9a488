package lint_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/lint"
)

func rulesOf(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

const unpinned = "FROM ubuntu:latest AS runtime\nUSER 1000\nCMD [\"true\"]\n"

func TestInlineSuppression(t *testing.T) {
	cases := []struct {
		name, df   string
		suppressed bool
	}{
		{"line before", "# stagecraft-ignore: SC112\n" + unpinned, true},
		{"other comments between", "# stagecraft-ignore: SC113, SC112\n# the base is chosen by the platform team\n" + unpinned, true},
		{"lower case id", "# stagecraft-ignore: sc112\n" + unpinned, true},
		{"another rule", "# stagecraft-ignore: SC111\n" + unpinned, false},
		{"blank line between", "# stagecraft-ignore: SC112\n\n" + unpinned, false},
		{"after the instruction", unpinned + "# stagecraft-ignore: SC112\n", false},
		{"whole file", unpinned + "# stagecraft-ignore-file: SC112\n", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := slices.Contains(rulesOf(lintString(t, c.df, "", false)), "SC112")
			if got == c.suppressed {
				t.Errorf("SC112 reported = %v, want %v", got, !c.suppressed)
			}
		})
	}
}

func TestSuppressionOfBuildKitRules(t *testing.T) {
	df := "FROM debian:bookworm-slim AS runtime\nUSER 1000\n# stagecraft-ignore: buildkit/JSONArgsRecommended\nCMD true\n"
	if fs := lintString(t, df, "", false); slices.Contains(rulesOf(fs), "buildkit/JSONArgsRecommended") {
		t.Errorf("suppressed BuildKit rule reported: %v", fs)
	}
	if fs := lintString(t, strings.Replace(df, "# stagecraft-ignore: buildkit/JSONArgsRecommended\n", "", 1), "", false); !slices.Contains(rulesOf(fs), "buildkit/JSONArgsRecommended") {
		t.Errorf("want buildkit/JSONArgsRecommended without the comment, got %v", fs)
	}
}

func TestSuppressionInDockerignore(t *testing.T) {
	df := "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n"
	ig := "# stagecraft-ignore: SC119 (the repository is copied on purpose)\n.env*\n*.pem\n*.key\nid_*\n"
	if fs := lintString(t, df, ig, false); slices.Contains(rulesOf(fs), "SC119") {
		t.Errorf("SC119 suppressed in .dockerignore still reported: %v", fs)
	}
}

func TestDisableAndSeverity(t *testing.T) {
	df := "FROM ubuntu:latest\nENV API_TOKEN=x\nCMD true\n"
	in := lint.Input{Path: "Dockerfile", Content: []byte(df), NoContext: true}

	all, err := lint.Lint(in, lint.Options{Severity: lint.Info})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SC108", "SC111", "SC112", "buildkit/JSONArgsRecommended"} {
		if !slices.Contains(rulesOf(all), want) {
			t.Errorf("want %s in %v", want, rulesOf(all))
		}
	}
	// SC108 folds BuildKit's SecretsUsedInArgOrEnv for the same line...
	if slices.Contains(rulesOf(all), "buildkit/SecretsUsedInArgOrEnv") {
		t.Errorf("buildkit/SecretsUsedInArgOrEnv should be folded into SC108: %v", rulesOf(all))
	}
	// ... and disabling SC108 brings BuildKit's own finding back.
	some, err := lint.Lint(in, lint.Options{Severity: lint.Info, Disable: []string{"sc108", " buildkit/JSONArgsRecommended"}})
	if err != nil {
		t.Fatal(err)
	}
	got := rulesOf(some)
	if slices.Contains(got, "SC108") || slices.Contains(got, "buildkit/JSONArgsRecommended") || !slices.Contains(got, "buildkit/SecretsUsedInArgOrEnv") {
		t.Errorf("disable: got %v", got)
	}

	errs, err := lint.Lint(in, lint.Options{Severity: lint.Error})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range errs {
		if f.Severity < lint.Error {
			t.Errorf("severity error: got %s", f)
		}
	}
	if len(errs) != 1 || errs[0].Rule != "SC108" {
		t.Errorf("severity error: want only the ENV credential (SC108 error), got %v", errs)
	}

	if _, err := lint.Lint(in, lint.Options{Disable: []string{"SC999"}}); err == nil || !strings.Contains(err.Error(), "SC999") {
		t.Errorf("an unknown rule id must be refused, got %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		name, df string
		line     int
	}{
		{"instruction without arguments", "FROM alpine:3.20\nCOPY\n", 2},
		{"unknown instruction", "FROM alpine:3.20\nRUN true\nFORM x\n", 3},
		{"COPY --from its own stage", "FROM alpine:3.20 AS a\nCOPY --from=a /x /x\n", 0},
		{"no FROM", "RUN true\n", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := lint.Lint(lint.Input{Path: "df/Dockerfile", Content: []byte(c.df)}, lint.Options{})
			var pe *lint.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("want a *lint.ParseError, got %v", err)
			}
			if pe.File != "df/Dockerfile" || (c.line != 0 && pe.Line != c.line) {
				t.Errorf("got %s:%d (%v), want df/Dockerfile:%d", pe.File, pe.Line, err, c.line)
			}
		})
	}
	_, err := lint.Lint(lint.Input{Path: "Dockerfile", Content: []byte("FROM alpine:3.20\n"), Ignore: &lint.IgnoreFile{Path: ".dockerignore", Content: []byte("[\n")}}, lint.Options{})
	var pe *lint.ParseError
	if !errors.As(err, &pe) || pe.File != ".dockerignore" {
		t.Errorf("a broken .dockerignore pattern: want a ParseError on .dockerignore, got %v", err)
	}
}

func TestBuildKitRulesAreReportedUnderTheirNames(t *testing.T) {
	df := "FROM node:20-slim as runtime\nENV PORT 3000\nWORKDIR app\nUSER node\nCMD node i.js\n"
	fs := lintString(t, df, "", false)
	for rule, line := range map[string]int{
		"buildkit/FromAsCasing": 1, "buildkit/LegacyKeyValueFormat": 2,
		"buildkit/WorkdirRelativePath": 3, "buildkit/JSONArgsRecommended": 5,
	} {
		i := slices.IndexFunc(fs, func(f lint.Finding) bool { return f.Rule == rule })
		if i < 0 || fs[i].Line != line || fs[i].Severity != lint.Warning || fs[i].Fix == "" {
			t.Errorf("want %s at line %d with a fix, got %v", rule, line, fs)
		}
	}
	// A # check=skip directive in the file is BuildKit's and is honoured.
	fs = lintString(t, "# check=skip=JSONArgsRecommended\n"+df, "", false)
	if slices.Contains(rulesOf(fs), "buildkit/JSONArgsRecommended") {
		t.Errorf("# check=skip ignored: %v", rulesOf(fs))
	}
}

func TestRuleMetadata(t *testing.T) {
	var bk []string
	for _, r := range lint.Rules() {
		if strings.HasPrefix(r.ID, lint.BuildKitPrefix) {
			bk = append(bk, r.ID)
		}
		if r.URL == "" {
			t.Errorf("%s: no documentation URL", r.ID)
		}
		if r.Summary == "" || r.Help == "" || r.Fix == "" {
			t.Errorf("%s: incomplete metadata", r.ID)
		}
	}
	if len(bk) != 22 {
		t.Errorf("want BuildKit's 22 rules, got %d: %v", len(bk), bk)
	}
}

func TestTextFormat(t *testing.T) {
	f := lint.Finding{File: "Dockerfile", Line: 12, Column: 1, Rule: "SC104", Severity: lint.Warning,
		Message: "the final stage copies the whole build context (COPY . .)", Fix: "copy the built artifact from the build stage instead"}
	var b bytes.Buffer
	if err := lint.WriteText(&b, []lint.Finding{f}); err != nil {
		t.Fatal(err)
	}
	want := "Dockerfile:12:1 SC104 warning: the final stage copies the whole build context (COPY . .); copy the built artifact from the build stage instead\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

func TestJSONFormat(t *testing.T) {
	var b bytes.Buffer
	if err := lint.WriteJSON(&b, nil); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("no findings must be [], got %q", b.String())
	}
	b.Reset()
	fs := lintString(t, unpinned, "", false)
	if err := lint.WriteJSON(&b, fs); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(fs) || len(got) == 0 {
		t.Fatalf("got %d objects for %d findings", len(got), len(fs))
	}
	for _, key := range []string{"file", "line", "column", "rule", "severity", "message", "fix"} {
		if _, ok := got[0][key]; !ok {
			t.Errorf("JSON finding lacks %q: %v", key, got[0])
		}
	}
	if got[0]["severity"] != fs[0].Severity.String() || got[0]["line"] != float64(fs[0].Line) {
		t.Errorf("JSON %v does not match %v", got[0], fs[0])
	}
}

func TestSARIF(t *testing.T) {
	fs := lintString(t, unpinned+"ENV DB_PASSWORD=x\n", "", false)
	var b bytes.Buffer
	if err := lint.WriteSARIF(&b, fs, lint.WriteOptions{ToolVersion: "v1.2.3"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name           string `json:"name"`
					Version        string `json:"version"`
					InformationURI string `json:"informationUri"`
					Rules          []struct {
						ID               string `json:"id"`
						ShortDescription struct{ Text string }
						FullDescription  struct{ Text string } `json:"fullDescription"`
						Help             struct{ Text, Markdown string }
						HelpURI          string                 `json:"helpUri"`
						Default          struct{ Level string } `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("not a SARIF 2.1.0 log: %s", b.String()[:200])
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "stagecraft" || len(run.Tool.Driver.Rules) != len(lint.Rules()) {
		t.Errorf("driver %q with %d rules, want stagecraft with %d", run.Tool.Driver.Name, len(run.Tool.Driver.Rules), len(lint.Rules()))
	}
	if d := run.Tool.Driver; d.Version != "v1.2.3" || d.InformationURI != lint.DocsURL {
		t.Errorf("driver version %q, informationUri %q; want v1.2.3 and %s", d.Version, d.InformationURI, lint.DocsURL)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" || r.Default.Level == "" {
			t.Errorf("rule %s lacks metadata", r.ID)
		}
		u, err := url.Parse(r.HelpURI)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("rule %s: helpUri %q is not an absolute https URL", r.ID, r.HelpURI)
		}
		if !strings.HasPrefix(r.ID, lint.BuildKitPrefix) && r.HelpURI != lint.DocsURL+"#"+strings.ToLower(r.ID) {
			t.Errorf("rule %s: helpUri %q, want its section of docs/lint.md", r.ID, r.HelpURI)
		}
	}
	// Without a version, tool.driver.version is left out, not "".
	b.Reset()
	if err := lint.WriteSARIF(&b, nil, lint.WriteOptions{}); err != nil || strings.Contains(b.String(), `"version": ""`) {
		t.Errorf("SARIF without a version: %v\n%.300s", err, b.String())
	}
	if len(run.Results) != len(fs) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(fs))
	}
	levels := map[lint.Severity]string{lint.Info: "note", lint.Warning: "warning", lint.Error: "error"}
	for i, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %d is %s, not %s", i, res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID, res.RuleID)
		}
		loc := res.Locations[0].PhysicalLocation
		if res.RuleID != fs[i].Rule || res.Level != levels[fs[i].Severity] || loc.ArtifactLocation.URI != "Dockerfile" || loc.Region.StartLine != fs[i].Line || !strings.Contains(res.Message.Text, fs[i].Fix) {
			t.Errorf("result %d = %+v does not match %s", i, res, fs[i])
		}
	}
}

// FuzzLint: no input makes Lint panic, and every finding points into the
// files it was given.
func FuzzLint(f *testing.F) {
	f.Add([]byte(unpinned), []byte(goodIgnore))
	f.Add([]byte("FROM golang:1.23 AS build\nCOPY . .\nRUN --mount=type=cache,target=/go go build -o /a . && rm -rf /x\nFROM scratch\nCOPY --from=0 /a /a\nCMD npm start\n"), []byte("*\n!a\n"))
	f.Add([]byte("ARG B=x\nFROM ${B}\nRUN <<EOF\nnpm ci\nEOF\nUSER $U\n"), []byte(""))
	f.Fuzz(func(t *testing.T, df, ig []byte) {
		in := lint.Input{Path: "Dockerfile", Content: df, Ignore: &lint.IgnoreFile{Path: ".dockerignore", Content: ig}}
		fs, err := lint.Lint(in, lint.Options{})
		if err != nil {
			return
		}
		lines := bytes.Count(df, []byte("\n")) + 1
		for _, f := range fs {
			if f.Line < 1 || f.Column < 1 || (f.File == "Dockerfile" && f.Line > lines) || f.Message == "" {
				t.Errorf("finding out of range: %s", f)
			}
		}
	})
}

// docs/lint.md documents every rule: a section per stagecraft rule, a row
// per BuildKit rule.
func TestDocsCoverEveryRule(t *testing.T) {
	dt, err := os.ReadFile(filepath.Join("..", "docs", "lint.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(dt)
	// GitHub's heading anchors: lower case, punctuation dropped, spaces
	// to hyphens.
	anchors := map[string]bool{}
	for _, l := range strings.Split(doc, "\n") {
		if h, ok := strings.CutPrefix(strings.TrimLeft(l, "#"), " "); ok && strings.HasPrefix(l, "#") {
			a := strings.Map(func(r rune) rune {
				switch {
				case r == ' ':
					return '-'
				case r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
					return r
				}
				return -1
			}, strings.ToLower(h))
			anchors[a] = true
		}
	}
	for _, r := range lint.Rules() {
		if frag, ok := strings.CutPrefix(r.URL, lint.DocsURL+"#"); ok && !anchors[frag] {
			t.Errorf("%s: its URL %s names no heading of docs/lint.md", r.ID, r.URL)
		}
		if strings.HasPrefix(r.ID, lint.BuildKitPrefix) {
			if !strings.Contains(doc, "| `"+r.ID+"` |") {
				t.Errorf("docs/lint.md: no row for %s", r.ID)
			}
			continue
		}
		if !strings.Contains(doc, "\n### "+r.ID+"\n") || !strings.Contains(doc, "| ["+r.ID+"](#"+strings.ToLower(r.ID)+") | "+r.Name+" |") {
			t.Errorf("docs/lint.md: want a table row and a ### %s section for %s", r.ID, r.Name)
		}
	}
}
