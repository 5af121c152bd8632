package get_in_loop

import (
	"bytes"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// A defer in the loop would keep every buffer until the function returns:
// report only (put it back at the end of each iteration).
func writeAll(w io.Writer, lines []string) error {
	for _, l := range lines {
		buf := bufPool.Get().(*bytes.Buffer) // want LK104
		buf.Reset()
		buf.WriteString(l)
		buf.WriteByte('\n')
		if _, err := buf.WriteTo(w); err != nil {
			return err
		}
	}
	return nil
}
