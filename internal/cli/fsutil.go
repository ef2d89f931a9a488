package cli

import "os"

// lstatDir reports whether p is an existing folder (not through a symlink).
func lstatDir(p string) (bool, error) {
	info, err := os.Lstat(p)
	if err != nil {
		return false, err
	}
	return info.IsDir(), nil
}
