package cli

import (
	"io"
	"os"
)

// readHead reads at most n bytes from the start of the file at p (nil
// when it cannot be read): enough to see a generated file's header
// without reading a file of any size.
func readHead(p string, n int64) []byte {
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	dt, _ := io.ReadAll(io.LimitReader(f, n))
	return dt
}

// lstatDir reports whether p is an existing folder (not through a symlink).
func lstatDir(p string) (bool, error) {
	info, err := os.Lstat(p)
	if err != nil {
		return false, err
	}
	return info.IsDir(), nil
}
