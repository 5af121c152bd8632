// The mutex stays: it may guard more than the map.
// golden-args: --preview --unsafe-fixes
package mutex_guarded

import (
	"os"
	"sync"
)

var (
	mu      sync.Mutex
	hits    int
	content = make(map[string][]byte, 16) // want LK301
)

func Read(name string) ([]byte, error) {
	mu.Lock()
	defer mu.Unlock()
	if b, ok := content[name]; ok {
		hits++
		return b, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	content[name] = b
	return b, nil
}
