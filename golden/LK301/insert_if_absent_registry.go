// `if _, ok := m[k]; !ok { m[k] = v }` only checks presence: a registry that
// keeps the first entry, not a cache (evicting would lose entries).
// golden-args: --preview --unsafe-fixes
package insert_if_absent_registry

var bodies = map[string][]byte{}

func Remember(name string, body []byte) {
	if _, ok := bodies[name]; !ok {
		bodies[name] = body
	}
}

func Body(name string) ([]byte, bool) {
	b, ok := bodies[name]
	return b, ok
}
