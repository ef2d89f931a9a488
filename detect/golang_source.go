package detect

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// goPackage is one folder of Go files in a module.
type goPackage struct {
	dir     string // tree path
	rel     string // "./cmd/api" style, relative to the module
	name    string
	files   []string // non-test .go files, tree paths
	line    int      // line of the package clause in files[0]
	cgoFile string
	cgoLine int
	serves  bool // starts a listener
	// network is set when the package imports a networking package, so a
	// missing port is worth a warning.
	network bool
	parsed  []*ast.File
	fset    *token.FileSet
}

// scanGoPackages parses every non-test Go file of the module at dir (not
// nested modules, testdata or vendor). Main packages are parsed in full,
// others up to their imports.
func scanGoPackages(s *scan, dir string) []*goPackage {
	nested := map[string]bool{}
	for _, f := range s.ix.under(dir) {
		if path.Base(f.path) == "go.mod" && path.Dir(f.path) != dir {
			nested[path.Dir(f.path)] = true
		}
	}
	byDir := map[string]*goPackage{}
	var order []string
	fset := token.NewFileSet()
	for _, f := range s.ix.under(dir) {
		if !strings.HasSuffix(f.path, ".go") || strings.HasSuffix(f.path, "_test.go") {
			continue
		}
		d := path.Dir(f.path)
		if isFixtureDir(rel(dir, d)) || insideNested(d, nested) {
			continue
		}
		src, ok := s.ix.readSource(f.path)
		if !ok {
			continue
		}
		file, err := parser.ParseFile(fset, f.path, src, parser.ImportsOnly|parser.ParseComments)
		if err != nil || isIgnoredBuild(file) {
			continue
		}
		pkg := byDir[d]
		if pkg == nil {
			r := "./" + rel(dir, d)
			if d == dir {
				r = "."
			}
			pkg = &goPackage{dir: d, rel: r, name: file.Name.Name, line: fset.Position(file.Package).Line, fset: fset}
			byDir[d] = pkg
			order = append(order, d)
		}
		if file.Name.Name != pkg.name {
			continue // a stray file of another package; the compiler will say so
		}
		pkg.files = append(pkg.files, f.path)
		for _, imp := range file.Imports {
			if isNetworkImport(imp.Path.Value) {
				pkg.network = true
			}
			if imp.Path.Value == `"C"` && pkg.cgoFile == "" {
				pkg.cgoFile, pkg.cgoLine = f.path, fset.Position(imp.Pos()).Line
			}
		}
		if file.Name.Name == "main" {
			full, err := parser.ParseFile(fset, f.path, src, parser.SkipObjectResolution)
			if err == nil {
				pkg.parsed = append(pkg.parsed, full)
			}
		}
	}
	sort.Strings(order)
	pkgs := make([]*goPackage, 0, len(order))
	for _, d := range order {
		pkg := byDir[d]
		pkg.serves = len(findListens(pkg)) > 0
		pkgs = append(pkgs, pkg)
	}
	return pkgs
}

func insideNested(d string, nested map[string]bool) bool {
	for n := range nested {
		if d == n || strings.HasPrefix(d, n+"/") {
			return true
		}
	}
	return false
}

func isIgnoredBuild(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") && strings.Contains(c.Text, "ignore") {
				return true
			}
		}
	}
	return false
}

// chooseMain picks the main package to build and says why. candidates lists
// every main package, the chosen one first.
func chooseMain(pkgs []*goPackage, module string) (*goPackage, []*goPackage, string) {
	var mains []*goPackage
	for _, p := range pkgs {
		if p.name == "main" {
			mains = append(mains, p)
		}
	}
	if len(mains) == 0 {
		return nil, nil, ""
	}
	pick := func(i int, why string) (*goPackage, []*goPackage, string) {
		chosen := mains[i]
		rest := append([]*goPackage{chosen}, append(append([]*goPackage{}, mains[:i]...), mains[i+1:]...)...)
		return chosen, rest, why
	}
	for i, m := range mains {
		if m.rel == "." {
			return pick(i, "package main at the module root")
		}
	}
	if len(mains) == 1 {
		return pick(0, "the only main package")
	}
	// Prefer the one that serves, then a conventional name.
	base := path.Base(module)
	names := []string{"server", "api", base}
	best, bestScore := 0, -1
	for i, m := range mains {
		score := 0
		if m.serves {
			score += 10
		}
		for rank, n := range names {
			if path.Base(m.rel) == n {
				score += 3 - rank
				break
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	m := mains[best]
	why := fmt.Sprintf("main package named %q", path.Base(m.rel))
	if m.serves {
		why = "main package that starts a network listener"
	} else if bestScore <= 0 {
		why = "first main package in path order (none starts a listener)"
	}
	return pick(best, why)
}

var (
	addrLit = regexp.MustCompile(`^[A-Za-z0-9.\-\[\]]*:([0-9]{2,5})$`)
	portLit = regexp.MustCompile(`^:?([0-9]{2,5})$`)
)

// listenCalls are method or function names that take a listen address.
var listenCalls = map[string]bool{
	"ListenAndServe": true, "ListenAndServeTLS": true, "Listen": true, "Run": true,
	"Start": true, "Serve": true, "RunTLS": true, "StartTLS": true, "ListenTCP": true,
}

type portHit struct {
	port   int
	file   string
	line   int
	detail string
}

// findListens finds listener calls with a literal address in a main package,
// and gRPC servers (which listen through net.Listen).
func findListens(pkg *goPackage) []portHit {
	var hits []portHit
	for _, f := range pkg.parsed {
		file := pkg.fset.Position(f.Package).Filename
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := callName(n)
				if !listenCalls[name] && name != "NewServer" {
					return true
				}
				if name == "NewServer" {
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
						if id, ok := sel.X.(*ast.Ident); ok && id.Name == "grpc" {
							hits = append(hits, portHit{port: 0, file: file, line: pkg.fset.Position(n.Pos()).Line, detail: "grpc.NewServer"})
						}
					}
					return true
				}
				for _, a := range n.Args {
					if port, ok := literalAddr(a); ok {
						hits = append(hits, portHit{port: port, file: file, line: pkg.fset.Position(n.Pos()).Line, detail: fmt.Sprintf("%s(%s)", name, exprString(a))})
						return true
					}
				}
				if len(n.Args) > 0 {
					hits = append(hits, portHit{port: 0, file: file, line: pkg.fset.Position(n.Pos()).Line, detail: name})
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Addr" {
					if port, ok := literalAddr(n.Value); ok {
						hits = append(hits, portHit{port: port, file: file, line: pkg.fset.Position(n.Pos()).Line, detail: "Addr: " + exprString(n.Value)})
					}
				}
			}
			return true
		})
	}
	// Calls named Run/Start/Serve without an address are weak evidence of a
	// listener; only count them in a package that imports a server library.
	var out []portHit
	for _, h := range hits {
		if h.port > 0 || h.detail == "grpc.NewServer" || strings.HasPrefix(h.detail, "ListenAndServe") || h.detail == "Listen" {
			out = append(out, h)
		}
	}
	return out
}

func callName(c *ast.CallExpr) string {
	switch f := c.Fun.(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	}
	return ""
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func literalAddr(e ast.Expr) (int, bool) {
	s, ok := stringLit(e)
	if !ok {
		return 0, false
	}
	m := addrLit.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	return validPort(m[1])
}

func validPort(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0, false
	}
	return n, true
}

func exprString(e ast.Expr) string {
	if lit, ok := e.(*ast.BasicLit); ok {
		return lit.Value
	}
	return "…"
}

// goPort finds the port: a literal listen address, a PORT variable's literal
// fallback, an existing Dockerfile's EXPOSE; else it stays unknown.
func goPort(s *scan, p *Project, main *goPackage, _ []*goPackage) {
	for _, h := range findListens(main) {
		if h.port > 0 {
			p.setPort(h.port, h.file, h.line, h.detail)
			return
		}
	}
	if h, ok := envPortFallback(main); ok {
		p.setPort(h.port, h.file, h.line, h.detail)
		return
	}
	if exposedPort(s, p) {
		return
	}
	if main.network {
		p.warn("port unknown: no literal listen address in %s; pass --port", displayDir(join(p.Path, main.rel)))
	}
}

// envPortFallback finds `os.Getenv("PORT")` and the literal port the same
// function falls back to (`if port == "" { port = "8080" }`, cmp.Or, …).
func envPortFallback(pkg *goPackage) (portHit, bool) {
	for _, f := range pkg.parsed {
		file := pkg.fset.Position(f.Package).Filename
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			usesEnv := false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok && callName(c) == "Getenv" && len(c.Args) == 1 {
					if v, ok := stringLit(c.Args[0]); ok && strings.Contains(strings.ToUpper(v), "PORT") {
						usesEnv = true
					}
				}
				return !usesEnv
			})
			if !usesEnv {
				continue
			}
			var hit portHit
			found := false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if found {
					return false
				}
				if lit, ok := n.(*ast.BasicLit); ok {
					if v, ok := stringLit(lit); ok {
						if m := portLit.FindStringSubmatch(v); m != nil {
							if port, ok := validPort(m[1]); ok && port >= 80 {
								hit = portHit{port: port, file: file, line: pkg.fset.Position(lit.Pos()).Line, detail: "fallback " + lit.Value + " for os.Getenv(\"PORT\")"}
								found = true
							}
						}
					}
				}
				return true
			})
			if found {
				return hit, true
			}
		}
	}
	return portHit{}, false
}

// Calls whose first argument is a path the program reads at run time.
var runtimeFileCalls = map[string]bool{
	"ParseGlob": true, "ParseFiles": true, "Dir": true, "ReadFile": true, "Open": true,
	"ReadDir": true, "LoadHTMLGlob": true, "LoadHTMLFiles": true, "Static": true, "StaticFS": true,
}

// goRuntimeFiles lists the relative paths the main package reads when it
// runs (templates, static folders, config files) that exist in the module.
func goRuntimeFiles(s *scan, p *Project, main *goPackage) {
	seen := map[string]bool{}
	for _, f := range main.parsed {
		file := main.fset.Position(f.Package).Filename
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || !runtimeFileCalls[callName(c)] {
				return true
			}
			for _, a := range c.Args {
				v, ok := stringLit(a)
				if !ok {
					continue
				}
				top := runtimePathRoot(v)
				if top == "" || seen[top] {
					continue
				}
				if !pathExists(s, join(p.Path, top)) {
					continue
				}
				seen[top] = true
				p.RuntimeFiles = append(p.RuntimeFiles, top)
				p.addEvidence("runtime_files", file, main.fset.Position(c.Pos()).Line, fmt.Sprintf("%s(%q) reads %s at run time; it is copied into the image (or embed it with //go:embed)", callName(c), v, top))
			}
			return true
		})
	}
	sort.Strings(p.RuntimeFiles)
}

// runtimePathRoot turns "templates/*.html" into "templates" and
// "./config.json" into "config.json"; absolute or escaping paths give "".
func runtimePathRoot(v string) string {
	if v == "" || path.IsAbs(v) || strings.ContainsAny(v, "\n\r\x00") {
		return ""
	}
	v = path.Clean(v)
	if v == "." || strings.HasPrefix(v, "..") {
		return ""
	}
	if i := strings.IndexAny(v, "*?["); i >= 0 {
		v = path.Dir(v[:i] + "x")
		if v == "." {
			return ""
		}
	}
	return v
}

func pathExists(s *scan, p string) bool {
	if s.ix.has(p) {
		return true
	}
	return len(s.ix.under(p)) > 0
}

var errNotFound = errors.New("not found")

// isNetworkImport reports imports that make a program likely to listen: the
// standard library's net packages, gRPC and the common web frameworks.
func isNetworkImport(quoted string) bool {
	p, err := strconv.Unquote(quoted)
	if err != nil {
		return false
	}
	if p == "net" || strings.HasPrefix(p, "net/http") || strings.HasPrefix(p, "net/rpc") {
		return true
	}
	for _, prefix := range []string{"google.golang.org/grpc", "github.com/gin-gonic/gin", "github.com/labstack/echo", "github.com/gofiber/fiber", "github.com/go-chi/chi", "github.com/gorilla/mux", "github.com/valyala/fasthttp"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}
