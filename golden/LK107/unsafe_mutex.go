// Case: the deferred call unlocks a mutex that lives outside the loop. With
// --unsafe-fixes the body is moved (each iteration unlocks at its end);
// the fix is unsafe because the rule cannot prove nothing needs the lock
// held after the iteration.
// golden-args: --unsafe-fixes
package unsafe_mutex

import "sync"

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) AddAll(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock() // want LK107
		c.n[k]++
	}
}
