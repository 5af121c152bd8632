// golden-args: --preview --unsafe-fixes
package field_modified_through_map

type entry struct{ uses int }

var entries = make(map[string]*entry) // want LK301

func Get(k string) *entry {
	e, ok := entries[k]
	if !ok {
		e = &entry{}
		entries[k] = e
	}
	entries[k].uses = e.uses + 1
	return e
}
