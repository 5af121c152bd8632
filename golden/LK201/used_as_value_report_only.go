package used_as_value_report_only

// startFeed is also used as a value (a callback): its signature cannot
// change, so the finding has no fix.
func startFeed(out chan<- int) {
	go func() { // want LK201
		for {
			out <- 1
		}
	}()
}

var starters = []func(chan<- int){startFeed}
