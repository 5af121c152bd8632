// golden-args: --preview --unsafe-fixes
package multiline_value

import "strings"

type entry struct {
	upper string
	lower string
	size  int
}

var entries = make(map[string]*entry) // want LK301

func Lookup(s string) *entry {
	if e, ok := entries[s]; ok {
		return e
	}
	if len(s) > 0 {
		entries[s] = &entry{
			upper: strings.ToUpper(s),
			lower: strings.ToLower(s),
			size:  len(s) * 2,
		}
	} else {
		entries[s] = &entry{size: 1 + 2*len(s)}
	}
	e := entries[s]
	return e
}
