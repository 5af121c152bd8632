// Case: the error check logs and falls through, so f may be nil after it.
// Report-only.
package err_check_not_terminating

import (
	"io"
	"log"
	"os"
)

func Read(path string) []byte {
	f, err := os.Open(path) // want LK106
	if err != nil {
		log.Print(err)
	}
	b, _ := io.ReadAll(f)
	return b
}
