package test_file_preview

import (
	"testing"
	"time"
)

func TestWork(t *testing.T) {
	done := make(chan int) // want LK202
	go func() { done <- Work() }()
	select {
	case v := <-done:
		if v != 1 {
			t.Fatal(v)
		}
	case <-time.After(time.Second):
		t.Error("timeout")
	}
}
