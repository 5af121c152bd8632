// Case: two defers in one loop body get one finding (on the first); the
// fix moves the body once. Both deferred calls close files declared in the
// body that stay there, so it is safe.
package multiple_defers_one_finding

import (
	"io"
	"os"
)

func CopyAll(pairs [][2]string) {
	for _, pair := range pairs {
		src, err := os.Open(pair[0])
		if err != nil {
			continue
		}
		defer src.Close() // want LK107
		dst, err := os.Create(pair[1])
		if err != nil {
			continue
		}
		defer dst.Close()
		_, _ = io.Copy(dst, src)
	}
}
