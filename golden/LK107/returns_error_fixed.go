// Case: the body returns (0, err) inside `if err != nil` and
// (0, fmt.Errorf(...)): every error is surely non-nil and the other value
// is the same literal, so the literal returns just the error and the call
// is followed by `if err != nil { return 0, err }`.
package returns_error_fixed

import (
	"fmt"
	"io"
	"os"
)

func TotalSize(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close() // want LK107
		n, err := io.Copy(io.Discard, f)
		if err != nil {
			return 0, fmt.Errorf("reading %s: %w", p, err)
		}
		total += n
	}
	return total, nil
}
