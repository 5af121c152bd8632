// golden-args: --preview
// A map filled on lookup misses by an exported function, but also read back
// by name elsewhere: a registry (Lookup must find what Register stored, an
// eviction would lose it).  Quiet by default (LK301 is preview), reported
// with --preview.
package registry_read_back

type Handler struct{ name string }

var handlers = make(map[string]*Handler) // want LK301

func Handle(name string) *Handler {
	if h, ok := handlers[name]; ok {
		return h
	}
	h := &Handler{name: name}
	handlers[name] = h
	return h
}

func Lookup(name string) (*Handler, bool) {
	h, ok := handlers[name]
	return h, ok
}
