package select_with_default_spins

// A select with a default case does not block: a spinning loop is another
// problem, not this rule's.
func spin(in <-chan int, counter *int) {
	go func() {
		for {
			select {
			case <-in:
				*counter++
			default:
			}
		}
	}()
}
