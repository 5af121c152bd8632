package passed_to_unknown_function

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var kept []*bytes.Buffer

func keep(b *bytes.Buffer) { kept = append(kept, b) }

// keep may retain (or put back) the buffer: no finding.
func record(s string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	keep(buf)
}

// a goroutine may still use the buffer after record2 returns: no finding.
func record2(s string, done chan<- int) {
	buf := bufPool.Get().(*bytes.Buffer)
	go func() {
		buf.WriteString(s)
		done <- buf.Len()
	}()
}

// sent on a channel: the receiver owns it now.
func record3(s string, out chan<- *bytes.Buffer) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(s)
	out <- buf
}
