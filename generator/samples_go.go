package generator

import "github.com/stagecraft/stagecraft/detect"

func init() { samples["go"] = goSamples }

// goSamples cover the Go template's branches: a service with a port,
// private modules and runtime files on every runtime; a cgo command with
// vendored modules and no syntax line; a module built from a go.work
// workspace.
func goSamples() []Sample {
	all := []string{"distroless", "scratch", "alpine", "slim"}
	return []Sample{
		{
			Name: "api",
			Project: detect.Project{
				Path: ".", Context: ".", Stack: "go", LanguageVersion: "1.26.8", PackageManager: "go",
				Entrypoint: "./cmd/api", EntrypointCandidates: []string{"./cmd/api", "./cmd/worker"},
				Port: intPtr(8080), Runtimes: all, RuntimeFiles: []string{"config.yaml", "migrations"},
				Go: &detect.GoInfo{Module: "example.com/shop/api", HasGoSum: true},
			},
			Options: Options{
				Syntax:  DefaultSyntax,
				Private: []string{"example.com/internal/*"},
				Labels:  map[string]string{"org.opencontainers.image.vendor": "Example Inc."},
			},
		},
		{
			Name: "cgo-vendor",
			Project: detect.Project{
				Path: ".", Context: ".", Stack: "go", LanguageVersion: "1.25", PackageManager: "go",
				Entrypoint: ".", EntrypointCandidates: []string{"."},
				Runtimes: []string{"distroless", "alpine", "slim"},
				RuntimesExcluded: []detect.ExcludedRuntime{
					{Runtime: "scratch", Reason: "cgo needs a C library at run time"},
				},
				Go: &detect.GoInfo{Module: "example.com/tools/imgconv", CGO: true, CGOReason: "github.com/mattn/go-sqlite3 (SQLite through C)", Vendor: true},
			},
			Options: Options{Syntax: ""},
		},
		{
			Name: "workspace",
			Project: detect.Project{
				Path: "services/api", Context: ".", Stack: "go", LanguageVersion: "1.26.8", PackageManager: "go",
				Entrypoint: "./cmd/server", EntrypointCandidates: []string{"./cmd/server"},
				Port: intPtr(9000), Runtimes: all,
				Go: &detect.GoInfo{Module: "example.com/mono/services/api", HasGoSum: true, Workspace: &detect.GoWorkspace{
					Root: ".", Modules: []string{"libs/auth", "services/api"}, Sums: []string{"services/api"}, HasSum: true,
				}},
			},
			Options: Options{Syntax: DefaultSyntax},
		},
	}
}
