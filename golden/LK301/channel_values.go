// One channel per key, shared by every caller: an evicted key would get a
// second channel, so no fix.
// golden-args: --preview --unsafe-fixes
package channel_values

import "sync"

var (
	mu   sync.Mutex
	done = make(map[string]chan struct{}) // want LK301
)

func Start(name string) chan struct{} {
	mu.Lock()
	defer mu.Unlock()
	ch := done[name]
	if ch == nil {
		ch = make(chan struct{})
		done[name] = ch
		go func() { close(ch) }()
	}
	return ch
}
