package detect

import (
	"path"
	"sort"
	"strings"

	"github.com/go-enry/go-enry/v2"
)

// languageStats measures each programming language's share of the bytes the
// walk visited, as GitHub's linguist would: vendored, generated-looking,
// documentation and configuration files do not count.
func languageStats(ix *index) []LanguageShare {
	bytesByLang := map[string]int64{}
	var total int64
	skip := newPathFilter()
	for _, f := range ix.files {
		// The language lookup is a map access; enry's path checks are
		// regular expressions, so run them only for programming files.
		lang, ok := enry.GetLanguageByFilename(path.Base(f.path))
		if !ok {
			lang, ok = enry.GetLanguageByExtension(f.path)
		}
		if !ok || lang == "" || enry.GetLanguageType(lang) != enry.Programming {
			continue
		}
		if enry.IsDotFile(f.path) || skip.excluded(f.path) {
			continue
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
