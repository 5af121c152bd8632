// Case: a file created for writing and never closed, in a function with a
// named error result. With --unsafe-fixes the fix closes it in a deferred
// closure that keeps the Close error in err (when no other error is
// returned): the function may now return an error it used to drop.
// golden-args: --unsafe-fixes
package create_named_err_unsafe

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
