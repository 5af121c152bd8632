// golden-args: --preview
// Case: test_timer_quiet with --preview: the time.After in the test's
// select loop is reported and fixed (one reused timer).
package test_timer_preview

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
		case <-time.After(200 * time.Millisecond): // want LK102
			t.Fatal("timeout")
		}
	}
	close(in)
}
