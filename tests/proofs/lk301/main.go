// A service-style cache: one entry per distinct key, never evicted.  main
// inserts 200,000 distinct keys through Get and prints how much the heap grew
// (HeapAlloc after runtime.GC, before and after).
package main

import (
	"fmt"
	"runtime"
	"strconv"
)

var cache = make(map[string][]byte)

// Get returns the rendered value for key, computing it once.
func Get(key string) []byte {
	if v, ok := cache[key]; ok {
		return v
	}
	v := make([]byte, 256)
	copy(v, key)
	cache[key] = v
	return v
}

func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func main() {
	before := heap()
	for i := 0; i < 200000; i++ {
		Get("key-" + strconv.Itoa(i))
	}
	after := heap()
	fmt.Printf("heap_growth_bytes %d\n", int64(after)-int64(before))
}
