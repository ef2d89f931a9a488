package generator

import "flag"

// update rewrites golden files and checked-in examples: go test ./... -update
var update = flag.Bool("update", false, "rewrite golden files and examples' generated files")
