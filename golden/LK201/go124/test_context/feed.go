package test_context

// Feed is what the test exercises.
func Feed(ch chan<- int, n int) {
	for i := 0; i < n; i++ {
		ch <- i
	}
}
