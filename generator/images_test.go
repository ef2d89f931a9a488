package generator

import (
	"slices"
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/templates"
)

const testDigest = "sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"

func TestCheckImageRef(t *testing.T) {
	for ref, ok := range map[string]bool{
		"golang:1.26-bookworm":                        true,
		"golang@" + testDigest:                        true,
		"golang:1.26-bookworm@" + testDigest:          true,
		"registry.acme.example:5000/team/golang:1.26": true,
		"gcr.io/distroless/static-debian12:nonroot":   true,
		"golang":              false, // no version: whatever latest is
		"Golang:1.26":         false, // repositories are lower-case
		"golang:1.26 ":        false,
		"golang:1.26\nRUN id": false,
		"":                    false,
		"golang@sha256:abc":   false,
	} {
		if err := CheckImageRef(ref); (err == nil) != ok {
			t.Errorf("CheckImageRef(%q) = %v, want ok=%v", ref, err, ok)
		}
	}
}

func TestReplaceImages(t *testing.T) {
	df := strings.Join([]string{
		"FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build",
		"RUN echo golang:1.26-bookworm",
		"FROM build AS test",
		"from gcr.io/distroless/static-debian12:nonroot as runtime",
		"COPY --from=build /out/app /app",
	}, "\n")
	got, used := replaceImages([]byte(df), map[string]string{
		"golang:1.26-bookworm":                      "golang:1.26-bookworm@" + testDigest,
		"gcr.io/distroless/static-debian12:nonroot": "registry.acme.example/static:nonroot",
		"node:22": "node:22@" + testDigest,
	})
	want := strings.Join([]string{
		"FROM --platform=$BUILDPLATFORM golang:1.26-bookworm@" + testDigest + " AS build",
		"RUN echo golang:1.26-bookworm", // only FROM lines
		"FROM build AS test",
		"from registry.acme.example/static:nonroot as runtime",
		"COPY --from=build /out/app /app",
	}, "\n")
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if !slices.Equal(used, []string{"gcr.io/distroless/static-debian12:nonroot", "golang:1.26-bookworm"}) {
		t.Errorf("used = %v", used)
	}
	if imgs := fromImages([]byte(df)); !slices.Equal(imgs, []string{"golang:1.26-bookworm", "gcr.io/distroless/static-debian12:nonroot"}) {
		t.Errorf("fromImages = %v (a stage name is no image)", imgs)
	}
}

// A replaced image is in the file that is validated and written, and a
// bad replacement is refused before anything is rendered.
func TestGenerateReplacesImages(t *testing.T) {
	p := goProject()
	plan, files, err := Generate(p, Options{Images: map[string]string{"gcr.io/distroless/static-debian12:nonroot": "gcr.io/distroless/static-debian12:nonroot@" + testDigest}}, templates.FS())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files[0].Content), "\nFROM gcr.io/distroless/static-debian12:nonroot@"+testDigest+" AS runtime\n") {
		t.Errorf("runtime image not pinned:\n%s", files[0].Content)
	}
	if !slices.Equal(plan.ImagesReplaced, []string{"gcr.io/distroless/static-debian12:nonroot"}) || !slices.Contains(plan.BaseImages, "gcr.io/distroless/static-debian12:nonroot") {
		t.Errorf("plan: replaced %v, base images %v", plan.ImagesReplaced, plan.BaseImages)
	}
	// A digest alone, or a mirror's name, says nothing of what the image
	// holds; the rules judged the template's own image names.
	for _, to := range []string{"golang@" + testDigest, "registry.acme.example/toolchain:1"} {
		if _, _, err := Generate(p, Options{Images: map[string]string{"gcr.io/distroless/static-debian12:nonroot": to}}, templates.FS()); err != nil {
			t.Errorf("runtime image replaced by %s: %v", to, err)
		}
	}
	_, _, err = Generate(p, Options{Images: map[string]string{"gcr.io/distroless/static-debian12:nonroot": "registry.acme.example/static"}}, templates.FS())
	if err == nil || !strings.Contains(err.Error(), `--image gcr.io/distroless/static-debian12:nonroot=registry.acme.example/static: "registry.acme.example/static" has no tag or digest`) {
		t.Errorf("untagged replacement: %v", err)
	}
}
