package test_function_report_only

import "testing"

// A test function's signature is fixed by go test: reported, no fix.
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
