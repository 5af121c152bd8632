// Negative (raft's leaderLoop): a channel made per iteration, handed to a
// goroutine and closed when the function returns, signals "the loop was
// left" to every goroutine started in it: the close belongs at the return.
package close_signal_channel_quiet

func Lead(transfers <-chan string, transfer func(id string, left <-chan struct{})) {
	for id := range transfers {
		left := make(chan struct{})
		defer func() { close(left) }()
		go transfer(id, left)
	}
}
