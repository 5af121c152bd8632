// The sync.Pool example of the leak guide (section 4.3): New returns a
// []byte while Get asserts *[]byte, so the first Get on an empty pool panics.
// GetBuffer returns the object (the caller owns it), so there is no
// get-without-put finding, only the type mismatch, without a fix.
package seed_guide_new_returns_slice

import "sync"

var bufferPool = sync.Pool{
	New: func() interface{} {
		return make([]byte, 1024)
	},
}

func GetBuffer() *[]byte {
	b := bufferPool.Get().(*[]byte) // want LK104
	return b                        // 错误:未归还至Pool
}
