package put_deferred

import (
	"bytes"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func copyTo(w io.Writer, s string) error {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	buf.WriteString(s)
	_, err := buf.WriteTo(w)
	return err
}

func copyClosure(w io.Writer, s string) error {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		bufPool.Put(buf)
	}()
	buf.WriteString(s)
	_, err := buf.WriteTo(w)
	return err
}

func copyExplicit(w io.Writer, s string) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	_, err := buf.WriteTo(w)
	bufPool.Put(buf)
	return err
}
