package test_timer_quiet

// Echo sends back what it receives.
func Echo(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v
	}
}
