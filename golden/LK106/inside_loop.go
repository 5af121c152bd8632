// Case: the file is opened inside a loop; a defer would hold every file
// until the function returns, so the leak is reported without a fix.
package inside_loop

import (
	"io"
	"os"
)

func Sizes(paths []string) []int64 {
	var out []int64
	for _, p := range paths {
		f, err := os.Open(p) // want LK106
		if err != nil {
			continue
		}
		n, _ := io.Copy(io.Discard, f)
		out = append(out, n)
	}
	return out
}
