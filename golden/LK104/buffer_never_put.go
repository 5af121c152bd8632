package buffer_never_put

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(w io.Writer, v int) error {
	buf := bufPool.Get().(*bytes.Buffer) // want LK104
	buf.Reset()
	fmt.Fprintf(buf, "value=%d\n", v)
	_, err := w.Write(buf.Bytes())
	return err
}
