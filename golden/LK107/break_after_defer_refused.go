// Case: the body breaks out of the loop after the defer, so a plain call at
// the end of the iteration would be skipped; moving the body into a literal
// would need a way to carry the break, so this is report-only.
package break_after_defer_refused

import (
	"io"
	"os"
)

func ReadUntilEmpty(paths []string) int64 {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want LK107
		n, _ := io.Copy(io.Discard, f)
		if n == 0 {
			break
		}
		total += n
	}
	return total
}
