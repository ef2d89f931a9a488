package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
)

// checkEntrypoint makes sure an --entrypoint the generator accepted names
// something in the project, where the files can tell: a Node file (as node
// resolves it), a Python file or application module, a Java main class.
// (Go's main packages are checked by the generator against what detection
// found.) Where the name may come from elsewhere (a build output, an
// installed package, a dependency's class) a miss is a notice, not an
// error: a false refusal would block a working setup.
func checkEntrypoint(root string, p detect.Project, entry string, plan *generator.Plan) error {
	if entry == "" {
		return nil
	}
	dir := filepath.Join(root, filepath.FromSlash(p.Path))
	missing := func(format string, args ...any) error {
		return &generator.InputError{Msg: "--entrypoint " + entry + ": " + fmt.Sprintf(format, args...)}
	}
	note := func(format string, args ...any) {
		msg := "--entrypoint " + entry + ": " + fmt.Sprintf(format, args...)
		plan.Reasons = append(plan.Reasons, msg)
		plan.Notices = append(plan.Notices, msg)
	}
	e := strings.TrimPrefix(entry, "./")
	switch plan.Base {
	case "node":
		if nodeResolves(dir, e) {
			return nil
		}
		if strings.HasPrefix(e, "node_modules/") {
			note("under node_modules/, which the install step creates")
			return nil
		}
		if plan.BuildOutputs {
			note("not in the project; the image runs it from the build stage, so the build must produce it")
			return nil
		}
		return missing("no such file in the project (nor %s.js, .mjs, .cjs or %s/index.js), and there is no build step to produce it", e, e)
	case "python":
		return checkPythonEntry(dir, p, e, missing, note)
	case "java":
		checkJavaEntry(dir, p, e, note)
	}
	return nil
}

// nodeResolves reports whether `node e` finds a file: e itself, e with an
// extension node tries, or a folder with an index file or package.json.
func nodeResolves(dir, e string) bool {
	base := filepath.Join(dir, filepath.FromSlash(e))
	// TypeScript forms too: Bun runs them, and so does Node from 22.6 on.
	for _, c := range []string{"", ".js", ".mjs", ".cjs", ".json", ".ts", ".mts", ".cts", ".tsx", ".jsx"} {
		if info, err := os.Stat(base + c); err == nil && !info.IsDir() {
			return true
		}
	}
	for _, c := range []string{"index.js", "index.mjs", "index.cjs", "index.ts", "package.json"} {
		if exists(filepath.Join(base, c)) {
			return true
		}
	}
	return false
}

// checkPythonEntry checks the forms whose files are the project's: a .py
// file, and the module of module:object. A bare module or -m target may be
// a dependency or the standard library, and a console script is installed,
// so those are not checked.
func checkPythonEntry(dir string, p detect.Project, e string, missing func(string, ...any) error, note func(string, ...any)) error {
	bases := []string{dir}
	if p.Python != nil && p.Python.SrcDir != "" {
		bases = append(bases, filepath.Join(dir, p.Python.SrcDir))
	}
	switch {
	case strings.HasPrefix(e, "-m"):
		return nil
	case strings.HasSuffix(e, ".py"):
		if exists(filepath.Join(dir, filepath.FromSlash(e))) {
			return nil
		}
		return missing("no such file in the project")
	case strings.Contains(e, ":"):
		module, _, _ := strings.Cut(e, ":")
		rel := filepath.FromSlash(strings.ReplaceAll(module, ".", "/"))
		for _, b := range bases {
			if exists(filepath.Join(b, rel+".py")) || exists(filepath.Join(b, rel, "__init__.py")) {
				return nil
			}
		}
		top, _, _ := strings.Cut(module, ".")
		if pythonInstalled(dir, p) || (p.Python != nil && slices.Contains(p.Python.Installed, distName(top))) {
			note("module %s is not in the project's folders; it must come from the installed project or a dependency", module)
			return nil
		}
		return missing("module %s is not in the project (looked for %s.py and %s/__init__.py)", module, filepath.ToSlash(rel), filepath.ToSlash(rel))
	}
	return nil
}

// pythonInstalled reports whether the project itself is installed into the
// image's environment, so its modules may live anywhere its build says
// (package_dir, packages.find where=...): a package with a build system, a
// requirements line that installs it (-e ., .), or packaging files.
func pythonInstalled(dir string, p detect.Project) bool {
	if p.Python != nil && (p.Python.InstallProject || p.Python.NeedsSources) {
		return true
	}
	for _, f := range []string{"setup.py", "setup.cfg"} {
		if exists(filepath.Join(dir, f)) {
			return true
		}
	}
	return false
}

// distName is a module name as a normalised distribution name (PEP 503),
// which is how Installed lists dependencies: my_pkg -> my-pkg.
func distName(module string) string {
	return strings.ToLower(strings.NewReplacer("_", "-", ".", "-").Replace(module))
}

// checkJavaEntry notes a main class that detection did not report and
// whose source is not in the project: a typo, or a class a dependency or a
// code generator provides, which the files cannot tell apart.
func checkJavaEntry(dir string, p detect.Project, e string, note func(string, ...any)) {
	if p.Java == nil || strings.Contains(e, "/") || !strings.Contains(e, ".") {
		return // a module folder or Gradle path: the generator matched it
	}
	for _, a := range p.Java.Apps {
		if e == a.MainClass || e == a.Module || e == a.ID {
			return
		}
	}
	if exists(filepath.Join(dir, filepath.FromSlash(e))) {
		return // a module folder with a dot in its name
	}
	if javaSourceExists(dir, e) {
		return
	}
	note("no source file for class %s in the project; it must come from a dependency or generated code", e)
}

// javaSourceExists looks for the class's source file: com/x/Main.java (or
// .kt, .groovy, .scala), and for Kotlin's file class com.x.MainKt, Main.kt.
// Build output folders beside a build file are skipped.
func javaSourceExists(dir, class string) bool {
	classPath := filepath.FromSlash(strings.ReplaceAll(class, ".", "/"))
	suffixes := []string{classPath + ".java", classPath + ".kt", classPath + ".groovy", classPath + ".scala"}
	if k, ok := strings.CutSuffix(classPath, "Kt"); ok {
		suffixes = append(suffixes, k+".kt")
	}
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", ".gradle":
				return filepath.SkipDir
			case "target", "build":
				if isBuildRoot(filepath.Dir(path)) {
					return filepath.SkipDir
				}
			}
			return nil
		}
		for _, s := range suffixes {
			if strings.HasSuffix(path, string(os.PathSeparator)+s) {
				found = true
				return filepath.SkipAll
			}
		}
		return nil
	})
	return found
}

// isBuildRoot reports whether dir holds a Maven or Gradle build file, so
// its target/ or build/ folder is output, not sources.
func isBuildRoot(dir string) bool {
	for _, f := range []string{"pom.xml", "build.gradle", "build.gradle.kts"} {
		if exists(filepath.Join(dir, f)) {
			return true
		}
	}
	return false
}
