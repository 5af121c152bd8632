// The caller selects on ctx.Done(): after a cancellation the goroutine's send
// has no receiver. The goroutine does nothing after its send, so a buffer is
// safe.
package ctx_done_fixed

import "context"

type result struct {
	n   int
	err error
}

func count(name string) (int, error) { return len(name), nil }

func Count(ctx context.Context, name string) (int, error) {
	done := make(chan result) // want LK202
	go func() {
		n, err := count(name)
		done <- result{n, err}
	}()
	select {
	case r := <-done:
		return r.n, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
