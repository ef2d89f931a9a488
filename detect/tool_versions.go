package detect

import (
	"slices"
	"strings"
)

// toolVersion reads a .tool-versions file (asdf, mise) and returns the
// version on the first line that names one of tools ("nodejs 22.1.0"),
// with its 1-based line. found is false when no line names them or the
// file cannot be read (readManifest has warned). Each stack checks the
// version itself.
func toolVersion(s *scan, file string, tools ...string) (version string, line int, found bool) {
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return "", 0, false
	}
	for i, l := range strings.Split(string(dt), "\n") {
		l, _, _ = strings.Cut(l, "#")
		fields := strings.Fields(l)
		if len(fields) >= 2 && slices.Contains(tools, fields[0]) {
			return fields[1], i + 1, true
		}
	}
	return "", 0, false
}
