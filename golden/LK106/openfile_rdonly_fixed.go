// Case: os.OpenFile with O_RDONLY is read-only like os.Open. The file is
// read with io.ReadAll (a reader that keeps nothing of it) and compared with
// nil; the fix adds `defer f.Close()` after the error check.
package openfile_rdonly_fixed

import (
	"io"
	"os"
)

func Slurp(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0) // want LK106
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, nil
	}
	return io.ReadAll(f)
}
