//go:build !unix

package generator

import "io/fs"

// fileOwner is unknown on platforms without Unix ownership.
func fileOwner(fs.FileInfo) (uid, gid int, ok bool) { return 0, 0, false }
