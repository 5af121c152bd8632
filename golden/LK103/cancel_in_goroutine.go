// Negative: a goroutine calls cancel when a signal arrives; the matcher
// cannot follow it, so no finding.
package cancel_in_goroutine

import "context"

func Watch(parent context.Context, stop <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		<-stop
		cancel()
	}()
	return ctx
}
