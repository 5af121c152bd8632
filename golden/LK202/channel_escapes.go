// Negative: the channel escapes (returned, passed to a function, sent on
// another channel): not every send and receive can be seen here.
package channel_escapes

import "time"

func Start() chan int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	return ch
}

func worker(out chan<- int) { out <- 2 }

func Named(timeout time.Duration) int {
	ch := make(chan int)
	go worker(ch)
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		return -1
	}
}

func Forward(chans chan chan int, timeout time.Duration) int {
	ch := make(chan int)
	go func() { ch <- 3 }()
	chans <- ch
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		return -1
	}
}

func Length(timeout time.Duration) int {
	ch := make(chan int)
	go func() { ch <- 4 }()
	if len(ch) > 0 {
		return 0
	}
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		return -1
	}
}
