package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/generator"
)

// checkEntrypoint makes sure an --entrypoint the generator accepted names
// something in the project, where that can be known from the files: a Node
// file, a Python file or application module, a Java main class. (Go's main
// packages are checked by the generator against what detection found.)
// A path a Node build may produce is only a notice.
func checkEntrypoint(root string, p detect.Project, entry string, plan *generator.Plan) error {
	if entry == "" {
		return nil
	}
	dir := filepath.Join(root, filepath.FromSlash(p.Path))
	missing := func(format string, args ...any) error {
		return &generator.InputError{Msg: "--entrypoint " + entry + ": " + fmt.Sprintf(format, args...)}
	}
	e := strings.TrimPrefix(entry, "./")
	switch plan.Base {
	case "node":
		if exists(filepath.Join(dir, filepath.FromSlash(e))) {
			return nil
		}
		if plan.BuildOutputs {
			msg := fmt.Sprintf("--entrypoint %s: not in the project; the image runs it from the build stage, so the build must produce it", entry)
			plan.Reasons = append(plan.Reasons, msg)
			plan.Notices = append(plan.Notices, msg)
			return nil
		}
		return missing("no such file in the project, and there is no build step to produce it")
	case "python":
		return checkPythonEntry(dir, p, e, missing)
	case "java":
		return checkJavaEntry(dir, p, e, missing)
	}
	return nil
}

// checkPythonEntry checks the forms whose files are the project's: a .py
// file, and the module of module:object. A bare module or -m target may be
// a dependency or the standard library, and a console script is installed.
func checkPythonEntry(dir string, p detect.Project, e string, missing func(string, ...any) error) error {
	var bases []string
	bases = append(bases, dir)
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
		return missing("module %s is not in the project (looked for %s.py and %s/__init__.py)", module, filepath.ToSlash(rel), filepath.ToSlash(rel))
	}
	return nil
}

// checkJavaEntry checks a main class that detection did not report: its
// source file must be somewhere under a src/main folder.
func checkJavaEntry(dir string, p detect.Project, e string, missing func(string, ...any) error) error {
	if p.Java == nil || strings.Contains(e, "/") || !strings.Contains(e, ".") {
		return nil // a module folder or Gradle path: the generator matched it
	}
	for _, a := range p.Java.Apps {
		if e == a.MainClass || e == a.Module || e == a.ID {
			return nil
		}
	}
	if exists(filepath.Join(dir, filepath.FromSlash(e))) {
		return nil // a module folder with a dot in its name
	}
	classPath := filepath.FromSlash(strings.ReplaceAll(e, ".", "/"))
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipDir
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "target", "build", ".gradle":
				return filepath.SkipDir
			}
			return nil
		}
		for _, ext := range []string{".java", ".kt", ".groovy", ".scala"} {
			if strings.HasSuffix(path, string(os.PathSeparator)+classPath+ext) {
				found = true
				return filepath.SkipAll
			}
		}
		return nil
	})
	if found {
		return nil
	}
	return missing("no source file for class %s in the project (looked for %s.java, .kt, .groovy, .scala)", e, filepath.ToSlash(classPath))
}
