package generator_test

import "flag"

// update rewrites golden files (and the examples' generated files) with
// what the code renders now: go test ./generator -update, then review the diff.
var update = flag.Bool("update", false, "rewrite golden files")
