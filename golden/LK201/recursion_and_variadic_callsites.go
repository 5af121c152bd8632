package recursion_and_variadic_callsites

import "context"

// Call sites: a recursive call passes the new ctx, a multi-line parameter
// list and argument list get ctx on their own line, a spread argument and
// a deferred call inside a closure get the caller's context.
func emit(
	n int,
	ch chan<- int,
	xs ...int,
) {
	if n > 0 {
		emit(n-1, ch, xs...)
	}
	go func() { // want LK201
		for {
			for _, x := range xs {
				ch <- x
			}
		}
	}()
}

func callers(ctx context.Context, ch chan<- int) {
	emit(1, ch, []int{1, 2}...)
	emit(
		2,
		ch,
	)
	func() {
		defer emit(0, ch)
	}()
}
