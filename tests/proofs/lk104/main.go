// Proof for LK104 (pool-get-without-put).
//
// render has exactly the fixable LK104 shape: it takes a *bytes.Buffer from
// a sync.Pool and never puts it back. Nothing leaks in the strict sense (the
// buffer is garbage once render returns), but the pool is useless: every
// call runs New and grows a fresh buffer, so each call allocates several KiB.
//
// After gofixleaks inserts `defer bufPool.Put(buf)` after the Get, the same
// buffer is reused and a call allocates (close to) nothing.
package main

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"
)

const calls = 2000

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(w io.Writer, n int) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	for i := 0; i < n; i++ {
		buf.WriteString("0123456789abcdef")
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func call() {
	if err := render(io.Discard, 256); err != nil {
		panic(err)
	}
}

func main() {
	allocs := testing.AllocsPerRun(calls, call)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < calls; i++ {
		call()
	}
	runtime.ReadMemStats(&after)
	fmt.Printf("allocs_per_call=%.2f bytes_per_call=%d\n", allocs, (after.TotalAlloc-before.TotalAlloc)/calls)
}
