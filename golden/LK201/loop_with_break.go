package loop_with_break

// A break that leaves the loop is a way out.
func drain(in <-chan int) {
	go func() {
		for {
			v, ok := <-in
			if !ok {
				break
			}
			_ = v
		}
	}()
}
