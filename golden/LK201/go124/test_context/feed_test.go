package test_context

import "testing"

// go 1.24: t.Context() is cancelled when the test ends, so the goroutine of
// a test function gets it (the test's signature is fixed; see
// test_function_report_only for go < 1.24, reported without a fix).
func TestFeed(t *testing.T) {
	ch := make(chan int)
	go func() { // want LK201
		for {
			Feed(ch, 1)
			ch <- -1
		}
	}()
	if v := <-ch; v != 0 {
		t.Fatal(v)
	}
}
