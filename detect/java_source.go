package detect

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxJavaSources bounds how many source files one module's main-class
// search reads.
const maxJavaSources = 4000

// javaMain is a class with a main method found in a module's sources.
type javaMain struct {
	class string // fully qualified
	file  string
	line  int
	boot  bool // annotated @SpringBootApplication
}

// findMainClasses scans module's src/main/java and src/main/kotlin for main
// methods: `static void main(` in Java, a top-level `fun main(` in Kotlin
// (class <File>Kt, or @file:JvmName). Comments and strings do not count.
func findMainClasses(s *scan, module string) []javaMain {
	var out []javaMain
	read := 0
	for _, root := range []string{"src/main/java", "src/main/kotlin"} {
		for _, f := range s.ix.under(join(module, root)) {
			isJava := strings.HasSuffix(f.path, ".java")
			isKotlin := strings.HasSuffix(f.path, ".kt")
			if !isJava && !isKotlin {
				continue
			}
			if read >= maxJavaSources {
				s.report.Warnings = append(s.report.Warnings, fmt.Sprintf("%s: more than %d source files; the main-class search stopped there", module, maxJavaSources))
				return out
			}
			read++
			src, ok := s.ix.readSource(f.path)
			if !ok {
				continue
			}
			if m, ok := mainInSource(f.path, string(src), isKotlin); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

func mainInSource(file, src string, kotlin bool) (javaMain, bool) {
	toks := lexJVM(src, kotlin)
	pkg, jvmName := "", ""
	boot := false
	depth := 0
	var m javaMain
	found := false
	for i, t := range toks {
		switch {
		case t.is('p', "{"):
			depth++
		case t.is('p', "}"):
			depth--
		case t.kind == 'i' && t.text == "package" && pkg == "" && i+1 < len(toks) && toks[i+1].kind == 'i':
			pkg = toks[i+1].text
		case t.is('p', "@") && i+1 < len(toks) && toks[i+1].kind == 'i':
			name := toks[i+1].text
			if name == "SpringBootApplication" || strings.HasSuffix(name, ".SpringBootApplication") {
				boot = true
			}
			// @file:JvmName("Main")
			if kotlin && name == "file" && i+5 < len(toks) && toks[i+2].is('p', ":") && toks[i+3].text == "JvmName" && toks[i+5].kind == 's' {
				jvmName = toks[i+5].text
			}
		case found:
		case !kotlin && t.kind == 'i' && t.text == "main" && i+1 < len(toks) && toks[i+1].is('p', "(") && i >= 2 &&
			toks[i-1].text == "void" && hasBefore(toks, i-1, "static", 3):
			m = javaMain{file: file, line: t.line}
			found = true
		case kotlin && depth == 0 && t.is('i', "fun") && i+2 < len(toks) && toks[i+1].is('i', "main") && toks[i+2].is('p', "("):
			m = javaMain{file: file, line: t.line}
			found = true
		}
	}
	if !found {
		return javaMain{}, false
	}
	base := strings.TrimSuffix(path.Base(file), path.Ext(file))
	class := base
	if kotlin {
		class = jvmName
		if class == "" {
			class = strings.ToUpper(base[:1]) + base[1:] + "Kt"
		}
	}
	if pkg != "" {
		class = pkg + "." + class
	}
	m.class = class
	m.boot = boot
	return m, true
}

// hasBefore reports whether one of the n tokens before i is the word w
// (modifiers: public static void, static public final void).
func hasBefore(toks []jvmToken, i int, w string, n int) bool {
	for j := i - 1; j >= 0 && j >= i-n; j-- {
		if toks[j].is('i', w) {
			return true
		}
	}
	return false
}

// chooseMainClass prefers the @SpringBootApplication class for Spring Boot
// modules, then a single main.
func chooseMainClass(mains []javaMain, boot bool) (javaMain, bool) {
	if boot {
		for _, m := range mains {
			if m.boot {
				return m, true
			}
		}
	}
	if len(mains) == 1 {
		return mains[0], true
	}
	return javaMain{}, false
}

// Keys that set the HTTP port, per framework.
var javaPortKeys = map[string]string{
	"spring-boot": "server.port",
	"quarkus":     "quarkus.http.port",
	"micronaut":   "micronaut.server.port",
}

// javaConfigPort reads the framework's port from the module's
// application.properties / application.yml / application.yaml (also in
// config/). A placeholder such as ${PORT:8081} counts as its default.
func javaConfigPort(s *scan, p *Project, module, framework string) bool {
	key, ok := javaPortKeys[framework]
	if !ok {
		return false
	}
	for _, dir := range []string{"src/main/resources", "src/main/resources/config"} {
		for _, name := range []string{"application.properties", "application.yml", "application.yaml"} {
			file := join(module, dir, name)
			if !s.ix.has(file) {
				continue
			}
			dt, ok := s.ix.readManifest(file)
			if !ok {
				continue
			}
			var value string
			var line int
			var found bool
			if strings.HasSuffix(name, ".properties") {
				value, line, found = propertiesValue(dt, key)
			} else {
				value, line, found = yamlValue(dt, key)
			}
			if !found {
				continue
			}
			raw := value
			if strings.HasPrefix(value, "${") && strings.HasSuffix(value, "}") {
				_, def, hasDef := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(value, "${"), "}"), ":")
				if !hasDef {
					p.warn("%s:%d: %s=%s has no default; the port is unknown (pass --port)", file, line, key, raw)
					return true
				}
				value = def
			}
			port, ok := validPort(strings.TrimSpace(value))
			if !ok {
				p.warn("%s:%d: %s=%s is not a fixed port; the port is unknown (pass --port)", file, line, key, raw)
				return true
			}
			p.setPort(port, file, line, key+"="+raw)
			return true
		}
	}
	return false
}

// propertiesValue finds key in a .properties file (key=value, key: value
// or key value; # and ! comments; backslash continuations are not needed
// for the keys read here).
func propertiesValue(dt []byte, key string) (string, int, bool) {
	for i, l := range strings.Split(string(dt), "\n") {
		l = strings.TrimSpace(strings.TrimSuffix(l, "\r"))
		if l == "" || l[0] == '#' || l[0] == '!' {
			continue
		}
		end := strings.IndexAny(l, "=: \t")
		if end < 0 {
			continue
		}
		if strings.TrimSpace(l[:end]) != key {
			continue
		}
		v := strings.TrimLeft(l[end:], " \t")
		if v != "" && (v[0] == '=' || v[0] == ':') {
			v = v[1:]
		}
		return strings.TrimSpace(v), i + 1, true
	}
	return "", 0, false
}

// yamlValue finds a dotted key in the first YAML document that is not
// tied to a profile, nested (server: {port: 8081}) or flat (server.port: 8081).
func yamlValue(dt []byte, key string) (string, int, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(dt))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			return "", 0, false
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		root := doc.Content[0]
		if _, _, profiled := yamlLookup(root, "spring.config.activate.on-profile"); profiled {
			continue
		}
		if _, _, profiled := yamlLookup(root, "spring.profiles"); profiled {
			continue
		}
		if v, line, ok := yamlLookup(root, key); ok {
			return v, line, true
		}
	}
}

func yamlLookup(n *yaml.Node, key string) (string, int, bool) {
	if n.Kind != yaml.MappingNode {
		return "", 0, false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		if k == key && v.Kind == yaml.ScalarNode {
			return v.Value, v.Line, true
		}
		if strings.HasPrefix(key, k+".") {
			if val, line, ok := yamlLookup(v, strings.TrimPrefix(key, k+".")); ok {
				return val, line, true
			}
		}
	}
	return "", 0, false
}

// mainClassNames lists the classes of mains, for messages.
func mainClassNames(mains []javaMain) []string {
	out := make([]string, 0, len(mains))
	for _, m := range mains {
		out = append(out, m.class)
	}
	return out
}
