// A var declaration, and a select with a default case: a non-blocking
// receive that gives up at once if the value is not ready yet.
package var_decl_default_case_fixed

func compute(n int) int { return n * n }

func TryCompute(n int) (int, bool) {
	var out = make(chan int) // want LK202
	go func() {
		out <- compute(n)
	}()
	select {
	case v := <-out:
		return v, true
	default:
		return 0, false
	}
}
