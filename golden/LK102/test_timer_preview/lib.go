package test_timer_preview

// Echo sends back what it receives.
func Echo(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v
	}
}
