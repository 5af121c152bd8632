// Case: a test waits for each reply with a 200 ms time.After in a select
// loop (raft's transport tests): each timer lives 200 ms, within the test.
// Preview shape: quiet by default (test_timer_preview has it with --preview).
package test_timer_quiet

import (
	"testing"
	"time"
)

func TestEcho(t *testing.T) {
	in, out := make(chan int), make(chan int)
	go Echo(in, out)
	for i := 0; i < 10; i++ {
		in <- i
		select {
		case v := <-out:
			if v != i {
				t.Fatalf("got %d, want %d", v, i)
			}
		case <-time.After(200 * time.Millisecond):
			t.Fatal("timeout")
		}
	}
	close(in)
}
