package untyped_get

import "sync"

var pool = sync.Pool{New: func() any { return new(int) }}

// Without a type assertion x is an `any`: putting it back puts back the same
// value (no allocation).
func warm() bool {
	v := pool.Get() // want LK104
	return v != nil
}
