package quit_channel_case

type server struct {
	quit chan struct{}
	jobs chan int
}

// A receive from a quit channel is a way out.
func (s *server) start() {
	go func() {
		for {
			select {
			case j := <-s.jobs:
				_ = j
			case <-s.quit:
				return
			}
		}
	}()
}
