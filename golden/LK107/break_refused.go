// Case: the body breaks out of the loop; moving it into a literal would
// need a way to carry the break, so this is report-only.
package break_refused

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
