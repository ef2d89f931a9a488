package lint

import (
	"slices"
	"strings"
)

// Rule describes one rule: stagecraft's own (SC1xx) or one of BuildKit's
// (buildkit/<Name>). Summary, Help and Fix are what the docs, --format
// sarif and the findings say.
type Rule struct {
	ID       string
	Name     string   // short name: final-stage-toolchain, UndefinedVar
	Severity Severity // the usual severity; a finding may differ (see docs)
	Summary  string   // what the rule finds, one line
	Help     string   // why it matters
	Fix      string   // what to do, in general
	URL      string   // the rule's documentation: BuildKit's page, or its section of DocsURL

	// needsContext: the rule reads the .dockerignore of the build context.
	needsContext bool
	check        func(f *file, r *Rule) []Finding
}

// at makes a finding of r at line:col with r's severity.
func (r *Rule) at(f *file, line, col int, msg, fix string) Finding {
	return r.atSev(r.Severity, f.path, line, col, msg, fix)
}

func (r *Rule) atSev(sev Severity, file string, line, col int, msg, fix string) Finding {
	if fix == "" {
		fix = r.Fix
	}
	return Finding{File: file, Line: line, Column: col, Rule: r.ID, Severity: sev, Message: msg, Fix: fix}
}

// rules are stagecraft's own rules, in id order. Each is implemented in a
// rules_*.go file and documented in docs/lint.md.
var rules []*Rule

func init() {
	rules = []*Rule{
		ruleSingleStageToolchain, ruleFinalToolchain, ruleFinalCompilers, ruleFinalCopiesContext,
		ruleInstallAfterSources, ruleLateCleanup, rulePackageCaches, ruleSecretArgEnv,
		ruleSecretArgInRun, ruleSecretFileCopied, ruleRootUser, ruleUnpinnedBase,
		ruleDigestPin, ruleNumericFrom, ruleUnnamedStage, ruleDeadStage,
		ruleNoCacheMount, ruleIgnoreMissing, ruleIgnoreIncomplete, ruleCopyIgnored,
		ruleNpmStart, ruleUpgrade, ruleAddURL, ruleDevDependencies,
	}
	slices.SortFunc(rules, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
}

// DocsURL is the documentation of every rule: docs/lint.md in stagecraft's
// repository. Each stagecraft rule has its section there (#sc104), and
// BuildKit's rules a table (#buildkits-rules).
const DocsURL = "https://github.com/stagecraft/stagecraft/blob/main/docs/lint.md"

// Rules lists every rule: stagecraft's, then BuildKit's. Each has a URL.
func Rules() []Rule {
	out := make([]Rule, 0, len(rules)+len(buildkitRules))
	for _, r := range rules {
		c := *r
		c.check = nil
		c.URL = DocsURL + "#" + strings.ToLower(c.ID)
		out = append(out, c)
	}
	for _, r := range buildkitRules {
		if r.URL == "" { // BuildKit documents InvalidBaseImagePlatform nowhere
			r.URL = DocsURL + "#buildkits-rules"
		}
		out = append(out, r)
	}
	return out
}

// ruleByID finds a rule by id, in any case.
func ruleByID(id string) (Rule, bool) {
	id = strings.TrimSpace(id)
	for _, r := range rules {
		if strings.EqualFold(r.ID, id) {
			return *r, true
		}
	}
	for _, r := range buildkitRules {
		if strings.EqualFold(r.ID, id) {
			return r, true
		}
	}
	return Rule{}, false
}
