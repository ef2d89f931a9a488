package detect

import (
	"path"
	"sort"

	"github.com/go-enry/go-enry/v2"
)

// languageStats measures each programming language's share of the bytes the
// walk visited, as GitHub's linguist would: vendored, generated-looking,
// documentation and configuration files do not count.
func languageStats(ix *index) []LanguageShare {
	bytesByLang := map[string]int64{}
	var total int64
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
		if enry.IsVendor(f.path) || enry.IsDotFile(f.path) || enry.IsDocumentation(f.path) || enry.IsTest(f.path) {
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
