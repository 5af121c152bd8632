package reassigned

import (
	"bytes"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// buf may point to another buffer by the time the function returns: report
// only.
func send(w io.Writer, big bool, s string) error {
	buf := bufPool.Get().(*bytes.Buffer) // want LK104
	if big {
		buf = bytes.NewBuffer(make([]byte, 0, 1<<20))
	}
	buf.WriteString(s)
	_, err := buf.WriteTo(w)
	return err
}
