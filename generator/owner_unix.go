//go:build unix

package generator

import (
	"io/fs"
	"syscall"
)

// fileOwner returns the uid and gid that own a file, where the platform says.
func fileOwner(info fs.FileInfo) (uid, gid int, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), int(st.Gid), true
}
