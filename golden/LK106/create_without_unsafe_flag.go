// Case: the writable-file fix is unsafe, so without --unsafe-fixes the
// finding is reported and the file is left byte-identical.
package create_without_unsafe_flag

import (
	"bufio"
	"os"
)

func Save(path string, lines []string) (err error) {
	f, err := os.Create(path) // want LK106
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, l := range lines {
		if _, err := w.WriteString(l + "\n"); err != nil {
			return err
		}
	}
	return w.Flush()
}
