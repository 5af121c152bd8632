package shapes_not_matched

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// comma-ok assertion: not matched
func commaOK() int {
	buf, ok := bufPool.Get().(*bytes.Buffer)
	if !ok {
		return 0
	}
	return buf.Len()
}

// assignment to an existing variable: not matched
func assigned() int {
	var buf *bytes.Buffer
	buf = bufPool.Get().(*bytes.Buffer)
	return buf.Len()
}

// used in place: nothing to put back by name
func inPlace() {
	bufPool.Get().(*bytes.Buffer).Reset()
}

// declared in an if initializer: report only (no statement to add the
// defer after inside the variable's scope)
func initializer(s string) int {
	if buf := bufPool.Get().(*bytes.Buffer); buf != nil { // want LK104
		buf.WriteString(s)
		return buf.Len()
	}
	return 0
}
