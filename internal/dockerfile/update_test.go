package dockerfile

import "flag"

// -update is accepted so that `go test ./... -update` (which refreshes the
// golden files of other packages) also runs here; this package has none.
var _ = flag.Bool("update", false, "refresh golden files (none in this package)")
