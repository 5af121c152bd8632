// Case: the body is read to EOF with io.ReadAll and never closed. At EOF
// the transport already puts the connection back in its pool: only the
// Close is missing. Preview shape (drained-body): quiet by default
// (body_read_all_fixed has it with --preview).
package body_read_to_eof_quiet

import (
	"io"
	"net/http"
)

func Fetch(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
