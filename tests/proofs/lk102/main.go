// Proof for LK102 (unstopped-ticker), the time.After-in-a-select-loop shape.
//
// drain reads values until the channel is closed, with an idle timeout of
// an hour written as `case <-time.After(time.Hour)`. The value case always
// wins, so every iteration leaves one unfired timer behind. With the
// module at go 1.22 (the runtime keeps the pre-1.23 timers for it:
// GODEBUG asynctimerchan=1), each timer stays in the runtime timer heap
// until it fires, an hour later: the heap, measured after a GC, grows with
// the number of iterations. At go 1.23 or later the timers are collected.
//
// After gofixleaks reuses one timer (stop, drain, Reset before the select),
// the heap stays flat.
package main

import (
	"fmt"
	"runtime"
	"time"
)

const values = 100000

func drain(in <-chan int) int {
	n := 0
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return n
			}
			n += v
		case <-time.After(time.Hour):
			return n
		}
	}
}

func heap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func main() {
	in := make(chan int, values)
	for i := 0; i < values; i++ {
		in <- 1
	}
	close(in)
	before := heap()
	n := drain(in)
	after := heap()
	runtime.KeepAlive(in)
	fmt.Printf("values=%d heap_growth_bytes=%d\n", n, int64(after)-int64(before))
}
