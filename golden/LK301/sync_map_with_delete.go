// golden-args: --preview --unsafe-fixes
package sync_map_with_delete

import "sync"

var conns sync.Map

func Get(id string) int {
	v, _ := conns.LoadOrStore(id, len(id))
	return v.(int)
}

func Drop(id string) {
	conns.Delete(id)
}
