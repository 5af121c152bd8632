package existing_ctx_param_custom_name

import "context"

// serve already takes a context (named c): the goroutine uses it and the
// signature stays as it is.
func serve(c context.Context, out chan<- int) {
	go func() { // want LK201
		n := 0
		for {
			n++
			out <- n
		}
	}()
	<-c.Done()
}
