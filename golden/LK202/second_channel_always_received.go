// Negative for the second channel: only the first can be abandoned (a
// timeout); the second is received on every path, so it is left alone.
package second_channel_always_received

import "time"

func work() int { return 1 }

func Run() (int, bool) {
	fast := make(chan int) // want LK202
	go func() { fast <- work() }()
	select {
	case v := <-fast:
		return v, true
	case <-time.After(time.Second):
	}
	slow := make(chan int)
	go func() { slow <- work() }()
	return <-slow, false
}
