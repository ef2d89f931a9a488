package generator

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/stagecraft/stagecraft/detect"
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
	// Replaced before validation: the file checked is the file written.
	plan.BaseImages = fromImages(files[0].Content)
	files[0].Content, plan.ImagesReplaced = replaceImages(files[0].Content, o.Images)
	for _, from := range plan.ImagesReplaced {
		plan.Reasons = append(plan.Reasons, fmt.Sprintf("image %s replaced by %s from --image", from, o.Images[from]))
	}
	if err := ValidateFiles(files[0], files[1]); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			locate(ve, plan, tfs, files[0].Content)
		}
		return plan, nil, err
	}
	return plan, files, nil
}
