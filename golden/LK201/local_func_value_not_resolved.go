package local_func_value_not_resolved

func worker(ch chan int) {
	for {
		ch <- 1
	}
}

// worker here is a local function value, not the package's worker: the
// goroutine is not resolved to the package function, nothing is reported.
func start(ch chan int) {
	worker := func(ch chan int) {
		close(ch)
	}
	go worker(ch)
}
