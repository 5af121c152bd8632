// Case: a file opened for appending in a function without a named error
// result. A plain `defer f.Close()` would drop the error that tells data
// was lost, so this is report-only, even with --unsafe-fixes.
// golden-args: --unsafe-fixes
package openfile_append_no_named_result

import (
	"fmt"
	"os"
)

func AppendLog(path, msg string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644) // want LK106
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(f, msg)
	return err
}
