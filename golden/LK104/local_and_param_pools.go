package local_and_param_pools

import (
	"bytes"
	"fmt"
	"sync"
)

func Count(p *sync.Pool, words []string) int {
	buf := p.Get().(*bytes.Buffer) // want LK104
	buf.Reset()
	for _, w := range words {
		fmt.Fprint(buf, w)
	}
	return buf.Len()
}

func Once(s string) string {
	var local sync.Pool
	local.New = func() any { return new(bytes.Buffer) }
	buf := local.Get().(*bytes.Buffer) // want LK104
	buf.WriteString(s)
	return buf.String()
}
