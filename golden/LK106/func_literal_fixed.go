// Case: the file is opened inside a function literal (a WalkDir callback);
// the defer goes in the literal, which returns after each file.
package func_literal_fixed

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

func TotalSize(root string) (int64, error) {
	var total int64
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path) // want LK106
		if err != nil {
			return err
		}
		n, err := io.Copy(io.Discard, f)
		total += n
		return err
	})
	return total, err
}
