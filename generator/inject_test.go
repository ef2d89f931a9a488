package generator

import (
	"testing"

	"github.com/stagecraft/stagecraft/templates"
)

// Every value a user or a repository can put into the Go template is
// refused, or renders the same instruction structure as a benign value.
func FuzzGoTemplateValues(f *testing.F) {
	for _, v := range hostileValues {
		f.Add(v, v, v, v, v, v, uint16(8080))
	}
	f.Add("1.23.4", "./cmd/server", "api", "ACME", "static", "example.com/x/*", uint16(80))
	baseline := func() []byte {
		_, files, err := Generate(goProject(), Options{Syntax: DefaultSyntax, Private: []string{"example.com/p"}, Labels: map[string]string{"org.opencontainers.image.vendor": "v"}, Include: []string{"static"}}, templates.FS())
		if err != nil {
			f.Fatal(err)
		}
		return files[0].Content
	}()
	f.Fuzz(func(t *testing.T, version, entry, name, label, include, private string, port uint16) {
		p := goProject()
		p.EntrypointCandidates = append(p.EntrypointCandidates, entry)
		o := Options{
			Syntax: DefaultSyntax, Version: version, Entrypoint: entry, Name: name, Port: int(port),
			Labels: map[string]string{"org.opencontainers.image.vendor": label}, Include: []string{include}, Private: []string{private},
		}
		refusedOrSafe(t, baseline, func() ([]File, error) {
			_, files, err := Generate(p, o, templates.FS())
			return files, err
		})
	})
}

// Values read from the repository are as untrusted as flags.
func FuzzGoDetectedValues(f *testing.F) {
	for _, v := range hostileValues {
		f.Add(v, v, v)
	}
	baseline := func() []byte {
		p := goProject()
		p.RuntimeFiles = []string{"templates"}
		_, files, err := Generate(p, Options{Syntax: DefaultSyntax}, templates.FS())
		if err != nil {
			f.Fatal(err)
		}
		return files[0].Content
	}()
	f.Fuzz(func(t *testing.T, module, entry, runtimeFile string) {
		p := goProject()
		p.Go.Module, p.Entrypoint, p.RuntimeFiles = module, entry, []string{runtimeFile}
		refusedOrSafe(t, baseline, func() ([]File, error) {
			_, files, err := Generate(p, Options{Syntax: DefaultSyntax}, templates.FS())
			return files, err
		})
	})
}
