// Entries are deleted: the map is managed, not an unbounded cache.
// golden-args: --preview --unsafe-fixes
package map_with_delete

var sessions = make(map[string]int)

func Open(id string) int {
	if n, ok := sessions[id]; ok {
		return n
	}
	sessions[id] = len(id)
	return len(id)
}

func Close(id string) {
	delete(sessions, id)
}
