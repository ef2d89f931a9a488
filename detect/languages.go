package detect

import (
	"path"
	"sort"
	"strings"

	"github.com/go-enry/go-enry/v2"
)

// Extensions that several programming languages share (.h is C, C++ or
// Objective-C; .rs is Rust or RenderScript) are settled by the head of the
// file; at most maxContentProbes files are read for that, maxProbeBytes
// each. An extension with one programming language among its candidates
// (.ts is TypeScript, or Qt's XML translations) counts as that language
// without reading the file: opening every file of a large TypeScript
// tree would triple the scan's time.
const (
	maxContentProbes = 5000
	maxProbeBytes    = 2048
)

// languageStats measures each programming language's share of the bytes the
// walk visited, as GitHub's linguist would: vendored, generated-looking,
// documentation and configuration files do not count.
func languageStats(ix *index) []LanguageShare {
	bytesByLang := map[string]int64{}
	var total int64
	skip := newPathFilter()
	probes := 0
	for _, f := range ix.files {
		// The language lookup is a map access; enry's path checks are
		// regular expressions, so run them only for programming files.
		lang, ok := enry.GetLanguageByFilename(path.Base(f.path))
		var candidates []string
		ambiguous := false
		if !ok {
			all := enry.GetLanguagesByExtension(f.path, nil, nil)
			candidates = programming(all)
			if len(candidates) == 0 {
				continue
			}
			lang, ambiguous = candidates[0], len(candidates) > 1
		}
		if enry.GetLanguageType(lang) != enry.Programming {
			continue
		}
		if enry.IsDotFile(f.path) || skip.excluded(f.path) {
			continue
		}
		if ambiguous {
			// Several programming languages use the extension: the
			// content decides (past the probe budget, the file is left out).
			if probes >= maxContentProbes {
				continue
			}
			probes++
			l, ok := languageByContent(f.path, ix.head(f.path, maxProbeBytes), candidates)
			if !ok || enry.GetLanguageType(l) != enry.Programming {
				continue
			}
			lang = l
		}
		bytesByLang[lang] += f.size
		total += f.size
	}
	out := []LanguageShare{}
	if total == 0 {
		return out
	}
	for lang, n := range bytesByLang {
		out = append(out, LanguageShare{Name: lang, Percent: round1(float64(n) * 100 / float64(total))})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Percent != out[j].Percent {
			return out[i].Percent > out[j].Percent
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// programming keeps the programming languages of enry's candidates.
func programming(langs []string) []string {
	var out []string
	for _, l := range langs {
		if enry.GetLanguageType(l) == enry.Programming {
			out = append(out, l)
		}
	}
	return out
}

// languageByContent settles an ambiguous extension with linguist's
// heuristics on the file's head, then with enry's classifier among the
// programming candidates.
func languageByContent(p string, head []byte, candidates []string) (string, bool) {
	if len(head) == 0 {
		return "", false
	}
	if l, ok := enry.GetLanguageByContent(p, head); ok && l != "" {
		return l, true
	}
	if l, _ := enry.GetLanguageByClassifier(head, candidates); l != "" {
		return l, true
	}
	return "", false
}

// pathFilter answers enry's vendor, documentation and test questions with a
// cache. enry's vendor and documentation checks are hundreds of regular
// expressions per path; asking them once per folder (with a trailing slash)
// and once per distinct file name gives enry's answers for its folder-based
// and name-based patterns at a fraction of the cost on large trees. A few
// vendor patterns span a folder and a file name (extjs/…\.js); those are
// judged by their parts. enry's test patterns all need "test" or "spec" in
// the file name, so only such files are checked, on the full path.
type pathFilter struct {
	dirs, names map[string]bool
}

func newPathFilter() *pathFilter {
	return &pathFilter{dirs: map[string]bool{}, names: map[string]bool{}}
}

func (f *pathFilter) excluded(p string) bool {
	dir, name := path.Split(p)
	if dir != "" && f.cached(f.dirs, dir) {
		return true
	}
	if f.cached(f.names, name) {
		return true
	}
	lower := strings.ToLower(name)
	return (strings.Contains(lower, "test") || strings.Contains(lower, "spec")) && enry.IsTest(p)
}

func (f *pathFilter) cached(m map[string]bool, key string) bool {
	v, ok := m[key]
	if !ok {
		v = enry.IsVendor(key) || enry.IsDocumentation(key)
		m[key] = v
	}
	return v
}
