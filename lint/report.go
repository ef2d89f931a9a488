package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// Formats the reporters write.
var Formats = []string{"text", "json", "sarif"}

// WriteOptions describe the run for the formats that record it.
type WriteOptions struct {
	// ToolVersion is stagecraft's version (what `stagecraft version`
	// prints), written as SARIF's tool.driver.version; "" leaves it out.
	ToolVersion string
}

// Write writes findings in format (text, json or sarif).
func Write(w io.Writer, format string, findings []Finding, opts WriteOptions) error {
	switch format {
	case "text", "":
		return WriteText(w, findings)
	case "json":
		return WriteJSON(w, findings)
	case "sarif":
		return WriteSARIF(w, findings, opts)
	}
	return fmt.Errorf("format %q: want text, json or sarif", format)
}

// WriteText writes one line per finding:
// file:line:col RULE severity: message; fix
func WriteText(w io.Writer, findings []Finding) error {
	for _, f := range findings {
		if _, err := fmt.Fprintln(w, f.String()); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSON writes the findings as a JSON array (never null).
func WriteJSON(w io.Writer, findings []Finding) error {
	if findings == nil {
		findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(findings)
}

// SARIF 2.1.0, the subset GitHub code scanning reads.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifRule struct {
		ID                   string          `json:"id"`
		Name                 string          `json:"name"`
		ShortDescription     sarifText       `json:"shortDescription"`
		FullDescription      sarifText       `json:"fullDescription"`
		Help                 sarifText       `json:"help"`
		HelpURI              string          `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
		Properties           sarifProperties `json:"properties"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifProperties struct {
		Tags             []string `json:"tags"`
		Precision        string   `json:"precision,omitempty"`
		SecuritySeverity string   `json:"security-severity,omitempty"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
)

// Security rules carry a security-severity so GitHub ranks them.
var securitySeverity = map[string]string{
	"SC108": "7.5", "SC109": "8.0", "SC110": "8.0", "SC111": "5.0", "SC118": "4.0", "SC119": "4.0",
	"buildkit/SecretsUsedInArgOrEnv": "7.5",
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

// WriteSARIF writes a SARIF 2.1.0 log with every rule's metadata, help and
// documentation link; tool.driver carries opts.ToolVersion and a link to
// the rules' documentation.
func WriteSARIF(w io.Writer, findings []Finding, opts WriteOptions) error {
	all := Rules()
	index := map[string]int{}
	driver := sarifDriver{Name: "stagecraft", Version: opts.ToolVersion, InformationURI: DocsURL, Rules: make([]sarifRule, 0, len(all))}
	for i, r := range all {
		index[r.ID] = i
		tags := []string{"dockerfile"}
		origin := "stagecraft"
		if strings.HasPrefix(r.ID, BuildKitPrefix) {
			origin = "buildkit"
		}
		tags = append(tags, origin)
		sec := securitySeverity[r.ID]
		if sec != "" {
			tags = append(tags, "security")
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID: r.ID, Name: r.Name,
			ShortDescription: sarifText{Text: r.Summary},
			FullDescription:  sarifText{Text: r.Help},
			Help: sarifText{
				Text:     r.Help + "\n\nFix: " + r.Fix,
				Markdown: fmt.Sprintf("**%s** (%s)\n\n%s\n\n**Fix:** %s", r.Summary, r.ID, r.Help, r.Fix),
			},
			HelpURI:              r.URL,
			DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
			Properties:           sarifProperties{Tags: tags, Precision: "high", SecuritySeverity: sec},
		})
	}
	results := make([]sarifResult, 0, len(findings))
	for _, f := range findings {
		results = append(results, sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message: sarifText{Text: f.Message + ". Fix: " + f.Fix},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: sarifURI(f.File)},
				Region:           sarifRegion{StartLine: max(f.Line, 1), StartColumn: max(f.Column, 1)},
			}}},
		})
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifURI is a file path as a URI reference: relative paths stay
// relative (GitHub resolves them against the repository), absolute ones
// become file:// URLs.
func sarifURI(p string) string {
	p = filepath.ToSlash(p)
	if strings.HasPrefix(p, "/") {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	p = strings.TrimPrefix(p, "./")
	return (&url.URL{Path: p}).String()
}
