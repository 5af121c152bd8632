package bytes_returned_aliases

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Encode returns buf.Bytes(), which aliases the pooled buffer: a deferred Put
// would hand memory still in use to the next Get (a data race), so no finding.
func Encode(s string) []byte {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	return buf.Bytes()
}

// Alias keeps the aliasing slice in a variable first: still no finding.
func Alias(s string) []byte {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	out := buf.Bytes()
	return out
}
