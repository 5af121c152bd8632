// Case: the error of os.Open is discarded, so there is no error check to put
// the defer after (f may be nil). Report-only.
package error_discarded

import (
	"io"
	"os"
)

func Peek(path string) []byte {
	f, _ := os.Open(path) // want LK106
	b := make([]byte, 16)
	n, _ := io.ReadFull(f, b)
	return b[:n]
}
