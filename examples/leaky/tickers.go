package leaky

import "time"

// PollUntil checks every interval until done is closed. The ticker is never
// stopped: before Go 1.23 it keeps firing after PollUntil returns (LK102).
func PollUntil(done <-chan struct{}, interval time.Duration, check func()) {
	t := time.NewTicker(interval)
	for {
		select {
		case <-t.C:
			check()
		case <-done:
			return
		}
	}
}

// WaitTicks waits for n ticks. time.Tick's ticker can never be stopped
// (LK102).
func WaitTicks(n int) {
	c := time.Tick(10 * time.Millisecond)
	for i := 0; i < n; i++ {
		<-c
	}
}

// Batch collects values until the input is idle for a while. Every
// iteration that receives a value leaves a time.After timer behind until
// it fires (LK102, before Go 1.23).
func Batch(in <-chan int, idle time.Duration) []int {
	var out []int
	for {
		select {
		case v := <-in:
			out = append(out, v)
		case <-time.After(idle):
			return out
		}
	}
}
