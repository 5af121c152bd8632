// LoadOrStore used to reject duplicates: a registry, not a cache.
// golden-args: --preview --unsafe-fixes
package sync_map_registry

import "sync"

var codecs sync.Map

func Register(name string, c func([]byte) []byte) {
	if _, dup := codecs.LoadOrStore(name, c); dup {
		panic("codec registered twice: " + name)
	}
}

func Lookup(name string) func([]byte) []byte {
	c, ok := codecs.Load(name)
	if !ok {
		return nil
	}
	return c.(func([]byte) []byte)
}
