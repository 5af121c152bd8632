package producer_send_loop

// fetchData is the leak guide's producer: nothing stops it once the
// receiver goes away.
func fetchData() <-chan string {
	ch := make(chan string)
	go func() { // want LK201
		for {
			ch <- "data"
		}
	}()
	return ch
}

func firstItem() string {
	return <-fetchData()
}
