// A method: the goroutine reads the receiver's fields, the channel is local.
package method_receiver_fixed

import (
	"context"
	"sync"
)

type Cache struct {
	mu   sync.Mutex
	data map[string]string
}

func (c *Cache) load(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data[key]
}

func (c *Cache) Get(ctx context.Context, key string) (string, error) {
	found := make(chan string) // want LK202
	go func() {
		found <- c.load(key)
	}()
	select {
	case v := <-found:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
