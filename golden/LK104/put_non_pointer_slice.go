package put_non_pointer_slice

import "sync"

var slicePool = sync.Pool{New: func() any { return make([]byte, 0, 512) }}

var ptrPool = sync.Pool{New: func() any {
	b := make([]byte, 0, 512)
	return &b
}}

func appendHex(dst []byte, v uint64) []byte {
	buf := slicePool.Get().([]byte)
	buf = buf[:0]
	for v > 0 {
		buf = append(buf, "0123456789abcdef"[v&15])
		v >>= 4
	}
	dst = append(dst, buf...)
	slicePool.Put(buf[:0]) // want LK104
	return dst
}

func putSlice(b []byte) {
	slicePool.Put(b) // want LK104
}

// a pointer to a slice: no allocation, no finding.
func usePtr(v byte) int {
	bp := ptrPool.Get().(*[]byte)
	b := (*bp)[:0]
	b = append(b, v)
	*bp = b
	ptrPool.Put(bp)
	return len(b)
}
