package generator

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/stagecraft/stagecraft/detect"
	"github.com/stagecraft/stagecraft/internal/dockerfile"
)

// Generate runs plan → render → validate for one project. The files are
// returned only when they are valid; nothing is written.
func Generate(p detect.Project, o Options, tfs fs.FS) (Plan, []File, error) {
	plan, err := NewPlan(p, o, tfs)
	if err != nil {
		return Plan{}, nil, err
	}
	files, err := Render(plan, tfs)
	if err != nil {
		return plan, nil, err
	}
	if err := ValidateFiles(files[0], files[1]); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			locate(ve, plan, tfs, files[0].Content)
		}
		return plan, nil, err
	}
	// Image replacements come after the checks of what the template made:
	// the rules judge an image by its name (a "-slim" tag, a toolchain
	// image), and a digest or a mirror's name says nothing of that. The
	// result must still parse.
	plan.BaseImages = fromImages(files[0].Content)
	files[0].Content, plan.ImagesReplaced = replaceImages(files[0].Content, o.Images)
	for _, from := range plan.ImagesReplaced {
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("image %s replaced by %s from --image", from, o.Images[from]))
	}
	if len(plan.ImagesReplaced) > 0 {
		if _, err := dockerfile.Parse(files[0].Content); err != nil {
			return plan, nil, inputErr("--image: the Dockerfile with the replaced images does not parse: %v", err)
		}
	}
	return plan, files, nil
}
