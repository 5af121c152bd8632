// Proof for LK103 (lost-cancel).
//
// handle has the fixable LK103 shape: the cancel function of a
// WithTimeout child is discarded. The parent context lives for the whole
// program (a server's base context), so every child stays in the parent's
// children map, with its timer, for an hour: the heap, measured after a
// GC, grows with the number of calls (about 300 bytes per call).
//
// After gofixleaks names the cancel function and defers it, each child is
// removed from the parent when handle returns and the heap stays flat.
package main

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

const calls = 50000

var sink int

func work(ctx context.Context) error {
	if _, ok := ctx.Deadline(); ok {
		sink++
	}
	return ctx.Err()
}

func handle(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Hour)
	return work(ctx)
}

func heap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func main() {
	parent, stop := context.WithCancel(context.Background())
	defer stop()
	before := heap()
	for i := 0; i < calls; i++ {
		if err := handle(parent); err != nil {
			panic(err)
		}
	}
	after := heap()
	runtime.KeepAlive(parent)
	growth := int64(after) - int64(before)
	fmt.Printf("calls=%d heap_growth_bytes=%d\n", calls, growth)
}
