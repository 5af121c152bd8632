// IDs assigned from len(m) where entries are added: evicting would reuse IDs.
// golden-args: --preview --unsafe-fixes
package ids_from_len

var ids = make(map[string]int)

func ID(name string) int {
	n, ok := ids[name]
	if !ok {
		n = len(ids) + 1
		ids[name] = n
	}
	return n
}
