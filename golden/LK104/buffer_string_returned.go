package buffer_string_returned

import (
	"bytes"
	"strconv"
	"sync"
)

var bufPool = sync.Pool{
	New: func() any {
		return new(bytes.Buffer)
	},
}

// Join returns a copy (bytes.Buffer.String copies), so the buffer can go back.
func Join(items []int) string {
	buf := bufPool.Get().(*bytes.Buffer) // want LK104
	buf.Reset()
	for i, n := range items {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(strconv.Itoa(n))
	}
	return buf.String()
}
