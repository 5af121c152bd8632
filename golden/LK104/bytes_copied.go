package bytes_copied

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// buf.Bytes() aliases the buffer, but every use here copies it first.
func quoted(dst []byte, s string) ([]byte, string, int) {
	buf := bufPool.Get().(*bytes.Buffer) // want LK104
	buf.Reset()
	buf.WriteByte('"')
	buf.WriteString(s)
	buf.WriteByte('"')
	dst = append(dst, buf.Bytes()...)
	out := make([]byte, buf.Len())
	copy(out, buf.Bytes())
	return dst, string(buf.Bytes()), len(buf.Bytes()) + len(out)
}

// stored in a slice without copying: no finding.
func kept(list [][]byte, s string) [][]byte {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	return append(list, buf.Bytes())
}
