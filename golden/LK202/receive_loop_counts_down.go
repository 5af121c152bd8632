// Negative: the receiving loop returns only after a counter says every
// worker has answered. The analysis cannot count loop iterations, so an exit
// after a receive inside such a loop is assumed to come late enough; only an
// exit from another select case (cancel, timeout) counts as abandoning.
package receive_loop_counts_down

import "log"

func work(i int) error { return nil }

func RunAll() error {
	errc := make(chan error)
	for i := 0; i < 4; i++ {
		go func() { errc <- work(i) }()
	}
	active := 4
	var first error
	for {
		err := <-errc
		if err != nil && first == nil {
			first = err
		}
		active--
		if active == 0 {
			return first
		}
	}
}

func Pair(stop chan struct{}) error {
	errc := make(chan error)
	go func() { errc <- work(1) }()
	go func() { errc <- work(2) }()
	n := 0
	for {
		select {
		case err := <-errc:
			n++
			if n == 2 {
				return err
			}
		case <-stop:
			log.Println("stop requested, still waiting for the workers")
		}
	}
}
