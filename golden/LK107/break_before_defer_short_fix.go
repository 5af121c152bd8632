// Case (the short fix): the break comes before the defer, and nothing after
// the defer can leave the iteration early, so the deferred Close becomes a
// plain call at the end of the iteration (a few changed lines).
package break_before_defer_short_fix

import (
	"io"
	"os"
)

func ReadUntilMissing(paths []string) int64 {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			break
		}
		defer f.Close() // want LK107
		n, _ := io.Copy(io.Discard, f)
		total += n
	}
	return total
}
