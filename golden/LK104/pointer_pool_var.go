package pointer_pool_var

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

var pool = &sync.Pool{New: func() any { return new(strings.Builder) }}

var shared *sync.Pool = &sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Greeting(name string) string {
	sb := pool.Get().(*strings.Builder) // want LK104
	sb.Reset()
	sb.WriteString("hello, ")
	sb.WriteString(name)
	return sb.String()
}

func Dump(r io.Reader) (int64, error) {
	b := shared.Get().(*bytes.Buffer) // want LK104
	b.Reset()
	n, err := io.Copy(b, r)
	if err != nil {
		return n, err
	}
	fmt.Fprintln(os.Stderr, b.Len())
	return n, nil
}
