package same_name_two_scopes

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// The same name declared in two sibling blocks: two variables (the index's
// scope-correct bindings), each taken and never put back, each fixed.
func twice(a, b string) int {
	n := 0
	{
		buf := bufPool.Get().(*bytes.Buffer) // want LK104
		buf.WriteString(a)
		n += buf.Len()
	}
	{
		buf := bufPool.Get().(*bytes.Buffer) // want LK104
		buf.WriteString(b)
		n += buf.Len()
	}
	return n
}

// Negative: the second variable is put back, the first is not.
func once(a, b string) int {
	n := 0
	{
		buf := bufPool.Get().(*bytes.Buffer) // want LK104
		buf.WriteString(a)
		n += buf.Len()
	}
	{
		buf := bufPool.Get().(*bytes.Buffer)
		defer bufPool.Put(buf)
		buf.WriteString(b)
		n += buf.Len()
	}
	return n
}
