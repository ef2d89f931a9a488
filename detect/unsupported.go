package detect

import (
	"path"
	"strings"
)

// Stacks recognised but not (yet) templated, by the file that marks them.
var unsupportedByFile = map[string]string{
	"mix.exs": "Elixir", "Cargo.toml": "Rust", "Gemfile": "Ruby", "composer.json": "PHP",
	"Package.swift": "Swift", "build.sbt": "Scala", "deno.json": "Deno", "deno.jsonc": "Deno",
	"pubspec.yaml": "Dart", "stack.yaml": "Haskell", "rebar.config": "Erlang",
	"Makefile.PL": "Perl", "cpanfile": "Perl", "DESCRIPTION": "R", "project.clj": "Clojure",
	"deps.edn": "Clojure", "dune-project": "OCaml", "build.zig": "Zig", "CMakeLists.txt": "C/C++",
}

var unsupportedByExt = map[string]string{
	".csproj": ".NET", ".fsproj": ".NET", ".sln": ".NET", ".cabal": "Haskell", ".nimble": "Nim",
}

// unsupportedMarkers lists the stack markers at the root, or, if none,
// the shallowest ones found.
func unsupportedMarkers(ix *index) []Marker {
	var out []Marker
	seen := map[string]bool{}
	bestDepth := -1
	for _, f := range ix.files {
		if isFixtureDir(path.Dir(f.path)) {
			continue
		}
		base := path.Base(f.path)
		stack, ok := unsupportedByFile[base]
		if !ok {
			stack, ok = unsupportedByExt[path.Ext(base)]
		}
		if !ok {
			continue
		}
		depth := strings.Count(f.path, "/")
		if bestDepth >= 0 && depth > bestDepth {
			continue
		}
		if depth < bestDepth {
			out, seen = nil, map[string]bool{}
		}
		bestDepth = depth
		if !seen[stack] {
			seen[stack] = true
			out = append(out, Marker{Stack: stack, File: f.path})
		}
	}
	return out
}
