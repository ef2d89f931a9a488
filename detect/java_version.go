package detect

import (
	"fmt"
	"strconv"
	"strings"
)

// javaLTS are the Java versions with long-term support, for which every
// image stagecraft uses (JDK, JRE, Maven, Gradle) exists.
var javaLTS = []int{8, 11, 17, 21, 25}

// javaVersionFound is one place that names a Java version.
type javaVersionFound struct {
	major  int
	file   string
	line   int
	detail string
	// toolchain: the build insists on exactly this JDK (a Gradle toolchain).
	toolchain bool
	// rejected: the file names a version stagecraft cannot read (major
	// is 0); detail says what it holds.
	rejected bool
}

// parseJavaMajor reads a Java version as written in build files and
// version files: 21, "21", 1.8, 17.0.2, 21.0.1+12, JavaVersion.VERSION_17,
// VERSION_1_8, JvmTarget.JVM_17, temurin-21.0.1+12.0.LTS, 21.0.2-tem.
func parseJavaMajor(s string) (int, bool) {
	s = strings.TrimSpace(s)
	for _, prefix := range []string{"JavaVersion.", "JvmTarget.", "VERSION_", "JVM_"} {
		s = strings.TrimPrefix(s, prefix)
	}
	s = strings.ReplaceAll(s, "_", ".")
	// Distribution prefixes of asdf/mise: temurin-21.0.1, openjdk-17, corretto-11.0.2.
	if i := strings.LastIndexByte(s, '-'); i >= 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
		s = s[i+1:]
	}
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.') {
		end++
	}
	s = s[:end]
	if s == "" {
		return 0, false
	}
	parts := strings.Split(s, ".")
	major, err := strconv.Atoi(parts[0])
	if err != nil {
		return 0, false
	}
	if major == 1 && len(parts) > 1 {
		major, err = strconv.Atoi(parts[1])
		if err != nil {
			return 0, false
		}
	}
	if major < 5 || major > 99 {
		return 0, false
	}
	return major, true
}

// roundToLTS is the smallest LTS at or above v; versions above the newest
// LTS stay as they are.
func roundToLTS(v int) int {
	for _, lts := range javaLTS {
		if v <= lts {
			return lts
		}
	}
	return v
}

// chooseJavaVersion picks the JDK version from everything found: a Gradle
// toolchain wins (Gradle wants exactly that JDK); otherwise the highest
// version, because the image must run the bytecode the build targets and
// the JDK the developers pinned. The result is rounded up to an LTS.
func chooseJavaVersion(p *Project, info *JavaInfo, all []javaVersionFound) {
	var found, rejected []javaVersionFound
	for _, f := range all {
		if f.rejected {
			p.warn("%s: %s; ignored", f.Where(), f.detail)
			rejected = append(rejected, f)
		} else {
			found = append(found, f)
		}
	}
	if len(found) == 0 {
		p.LanguageVersion = "21"
		if len(rejected) > 0 {
			// The evidence names what was there, not "no version".
			whys := make([]string, 0, len(rejected))
			for _, r := range rejected {
				whys = append(whys, r.detail)
			}
			p.addEvidence("language_version", rejected[0].file, rejected[0].line, strings.Join(whys, "; ")+"; Java 21")
			return
		}
		p.warn("no Java version in the build files, .java-version, .sdkmanrc or .tool-versions; using Java 21 (pass --version or set maven.compiler.release / a Gradle toolchain)")
		if build, ok := p.EvidenceFor("stack"); ok {
			p.addEvidence("language_version", build.File, 0, "no Java version stated: Java 21")
		}
		return
	}
	best := found[0]
	for _, f := range found[1:] {
		if best.toolchain {
			break
		}
		if f.toolchain || f.major > best.major {
			best = f
		}
	}
	for _, f := range found {
		if f.major != best.major && f.file != best.file {
			p.warn("%s says Java %d but %s says Java %d; building with %d", f.Where(), f.major, best.Where(), best.major, roundToLTS(best.major))
			break
		}
	}
	info.DeclaredVersion = strconv.Itoa(best.major)
	info.Toolchain = best.toolchain
	v := roundToLTS(best.major)
	p.LanguageVersion = strconv.Itoa(v)
	detail := best.detail
	switch {
	case v != best.major:
		detail += fmt.Sprintf("; rounded up to Java %d, the next LTS with images", v)
		if best.toolchain {
			p.warn("the toolchain asks for exactly Java %d but the images have Java %d; Gradle will try to provision %d itself (it needs a toolchain resolver plugin and network) — use an LTS toolchain", best.major, v, best.major)
		}
	case v > javaLTS[len(javaLTS)-1]:
		p.warn("Java %d is newer than the newest LTS (%d); its images may not all exist", v, javaLTS[len(javaLTS)-1])
	}
	p.addEvidence("language_version", best.file, best.line, detail)
}

func (f javaVersionFound) Where() string {
	if f.line > 0 {
		return fmt.Sprintf("%s:%d", f.file, f.line)
	}
	return f.file
}

// javaVersionFiles reads the JDK pins of version managers in the project
// folder: .java-version (jenv), .sdkmanrc (SDKMAN!), .tool-versions (asdf, mise).
func javaVersionFiles(s *scan, dir string) []javaVersionFound {
	var out []javaVersionFound
	if f := join(dir, ".java-version"); s.ix.has(f) {
		if dt, ok := s.ix.readManifest(f); ok {
			for i, l := range strings.Split(string(dt), "\n") {
				l = strings.TrimSpace(l)
				if l == "" || strings.HasPrefix(l, "#") {
					continue
				}
				if v, ok := parseJavaMajor(l); ok {
					out = append(out, javaVersionFound{major: v, file: f, line: i + 1, detail: ".java-version " + l})
				} else {
					out = append(out, javaVersionFound{rejected: true, file: f, line: i + 1, detail: fmt.Sprintf(".java-version %q is not a Java version", l)})
				}
				break
			}
		}
	}
	if f := join(dir, ".sdkmanrc"); s.ix.has(f) {
		if dt, ok := s.ix.readManifest(f); ok {
			for i, l := range strings.Split(string(dt), "\n") {
				k, v, ok := strings.Cut(strings.TrimSpace(l), "=")
				if !ok || strings.TrimSpace(k) != "java" {
					continue
				}
				v = strings.TrimSpace(v)
				if major, ok := parseJavaMajor(v); ok {
					out = append(out, javaVersionFound{major: major, file: f, line: i + 1, detail: "java=" + v})
				} else {
					out = append(out, javaVersionFound{rejected: true, file: f, line: i + 1, detail: fmt.Sprintf("java=%q is not a Java version", v)})
				}
				break
			}
		}
	}
	if f := join(dir, ".tool-versions"); s.ix.has(f) {
		if v, line, ok := toolVersion(s, f, "java"); ok {
			if major, ok := parseJavaMajor(v); ok {
				out = append(out, javaVersionFound{major: major, file: f, line: line, detail: "java " + v})
			} else {
				out = append(out, javaVersionFound{rejected: true, file: f, line: line, detail: fmt.Sprintf("java %q is not a Java version", v)})
			}
		}
	}
	return out
}
