package generator

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/distribution/reference"
)

// CheckImageRef reports whether ref is an image reference a FROM line can
// name with a fixed version: a name with a tag, a digest, or both
// (registry.example/golang:1.26-bookworm@sha256:…). A bare name would mean
// whatever "latest" is on the day of the build.
func CheckImageRef(ref string) error {
	if strings.TrimSpace(ref) != ref || ref == "" {
		return fmt.Errorf("%q: want an image reference without spaces", ref)
	}
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		return fmt.Errorf("%q is not an image reference: %v", ref, err)
	}
	_, tagged := named.(reference.Tagged)
	_, digested := named.(reference.Digested)
	if !tagged && !digested {
		return fmt.Errorf("%q has no tag or digest; name the version (%s:1.2 or %s@sha256:…)", ref, ref, ref)
	}
	return nil
}

// checkImages validates the image replacements of --image FROM=TO.
func checkImages(images map[string]string) error {
	for _, from := range slices.Sorted(maps.Keys(images)) {
		to := images[from]
		if err := CheckImageRef(from); err != nil {
			return inputErr("--image %s=%s: %v", from, to, err)
		}
		if err := CheckImageRef(to); err != nil {
			return inputErr("--image %s=%s: %v", from, to, err)
		}
	}
	return nil
}

// replaceImages rewrites the image of every FROM line that names a key of
// images, exactly as rendered, and returns the keys it used. Stage names
// (FROM build AS x) never match: keys carry a tag or digest.
func replaceImages(df []byte, images map[string]string) ([]byte, []string) {
	if len(images) == 0 {
		return df, nil
	}
	var used []string
	lines := strings.Split(string(df), "\n")
	for i, line := range lines {
		fields, img := fromImage(line)
		if img < 0 {
			continue
		}
		to, ok := images[fields[img]]
		if !ok {
			continue
		}
		if !slices.Contains(used, fields[img]) {
			used = append(used, fields[img])
		}
		fields[img] = to
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		lines[i] = indent + strings.Join(fields, " ")
	}
	slices.Sort(used)
	return []byte(strings.Join(lines, "\n")), used
}

// fromImage splits a FROM line into fields and gives the index of its
// image (after any --platform=…), or -1 for any other line.
func fromImage(line string) ([]string, int) {
	fields := strings.Fields(line)
	if len(fields) < 2 || !strings.EqualFold(fields[0], "FROM") {
		return nil, -1
	}
	img := 1
	for img < len(fields) && strings.HasPrefix(fields[img], "--") {
		img++
	}
	if img == len(fields) {
		return nil, -1
	}
	return fields, img
}

// fromImages lists the images the FROM lines of df name, stages excluded
// (a name an earlier stage defined with AS).
func fromImages(df []byte) []string {
	var out, stages []string
	for _, line := range strings.Split(string(df), "\n") {
		fields, img := fromImage(line)
		if img < 0 {
			continue
		}
		if !slices.Contains(stages, strings.ToLower(fields[img])) && !slices.Contains(out, fields[img]) {
			out = append(out, fields[img])
		}
		if n := len(fields); n >= img+3 && strings.EqualFold(fields[n-2], "AS") {
			stages = append(stages, strings.ToLower(fields[n-1]))
		}
	}
	return out
}
