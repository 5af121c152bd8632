package leaky

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// Buffer pools for rule LK104 (pool-get-without-put).

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// WriteRelease renders a release as one line.
// LK104 (fixable): the buffer is never put back, so every call allocates a
// new one; gofixleaks inserts `defer bufPool.Put(buf)` after the Get.
func WriteRelease(w io.Writer, r Release) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	fmt.Fprintf(buf, "%s\t%s\n", r.Version, r.Date.Format("2006-01-02"))
	_, err := w.Write(buf.Bytes())
	return err
}

// FormatRelease returns buf.Bytes(), which aliases the pooled buffer: a
// deferred Put would let the next caller overwrite the returned bytes, so
// gofixleaks leaves it alone (no finding).
func FormatRelease(r Release) []byte {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	fmt.Fprintf(buf, "%s\t%s\n", r.Version, r.Date.Format("2006-01-02"))
	return buf.Bytes()
}

// The pattern of a common Go leak guide: New returns a []byte, Get asserts
// *[]byte, so the assertion panics on an empty pool.
// LK104 (report only).
var scratchPool = sync.Pool{
	New: func() interface{} {
		return make([]byte, 1024)
	},
}

// Scratch hands out a scratch buffer (the caller puts it back).
func Scratch() *[]byte {
	b := scratchPool.Get().(*[]byte)
	return b
}

// ReleaseScratch puts a scratch buffer back.
// LK104 (report only): Put of a non-pointer []byte allocates on every call.
func ReleaseScratch(b []byte) {
	scratchPool.Put(b[:0])
}
