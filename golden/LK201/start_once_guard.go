package start_once_guard

var updates chan int

// The goroutine is started at most once per program (the guard returns
// when it already runs): not a growing leak, not reported.
func ensureUpdater() {
	if updates != nil {
		return
	}
	updates = make(chan int)
	go func() {
		n := 0
		for {
			n++
			updates <- n
		}
	}()
}
