// Keys are the program's types: a finite set, not a leak.
// golden-args: --preview --unsafe-fixes
package reflect_type_keys

import (
	"reflect"
	"sync"
)

var fieldCount = map[reflect.Type]int{}

var encoders sync.Map

func Fields(t reflect.Type) int {
	if n, ok := fieldCount[t]; ok {
		return n
	}
	fieldCount[t] = t.NumField()
	return t.NumField()
}

func Encoder(t reflect.Type) string {
	if v, ok := encoders.Load(t); ok {
		return v.(string)
	}
	v, _ := encoders.LoadOrStore(t, t.String())
	return v.(string)
}
