package put_non_pointer_in_closure

import "sync"

var slicePool = sync.Pool{New: func() any { return make([]byte, 0, 512) }}

var ptrPool = sync.Pool{New: func() any {
	b := make([]byte, 0, 512)
	return &b
}}

// A Put of a non-pointer inside a deferred closure: the variable resolves
// (through the closure) to a []byte: boxing it allocates on every Put.
func deferredSlice(dst []byte, v byte) []byte {
	buf := slicePool.Get().([]byte)
	defer func() {
		slicePool.Put(buf[:0]) // want LK104
	}()
	return append(dst, append(buf, v)...)
}

func deferredVar(dst []byte, v byte) []byte {
	buf := slicePool.Get().([]byte)
	defer func() {
		slicePool.Put(buf) // want LK104
	}()
	return append(dst, append(buf[:0], v)...)
}

// buf := *bp is the object's contents: putting buf back (not bp) boxes a
// slice; putting bp back after *bp = buf is right (no finding).
func aliasPutWrong(v byte) int {
	bp := ptrPool.Get().(*[]byte)
	buf := *bp
	buf = append(buf[:0], v)
	defer func() {
		ptrPool.Put(buf) // want LK104
	}()
	return len(buf)
}

func aliasPutRight(v byte) int {
	bp := ptrPool.Get().(*[]byte)
	buf := *bp
	buf = append(buf[:0], v)
	n := len(buf)
	*bp = buf
	ptrPool.Put(bp)
	return n
}

// buf := *bp is an alias: its uses are bp's. Nothing is put back here, and
// nothing escapes: reported, fixed with a deferred Put of bp.
func aliasNeverPut(v byte) int {
	bp := ptrPool.Get().(*[]byte) // want LK104
	buf := *bp
	buf = append(buf[:0], v)
	return len(buf)
}

// Negative: the alias escapes (returned): no finding (a deferred Put would
// hand the backing array to another goroutine while the caller uses it).
func aliasEscapes(v byte) []byte {
	bp := ptrPool.Get().(*[]byte)
	buf := *bp
	return append(buf[:0], v)
}
