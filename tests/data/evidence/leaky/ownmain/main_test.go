package ownmain

import (
	"os"
	"testing"
)

var setup = make(chan struct{})

// TestMain starts a goroutine that outlives the tests on purpose: it is not
// started by a test, so prove does not count it.
func TestMain(m *testing.M) {
	go func() { <-setup }()
	os.Exit(m.Run())
}

func TestWatch(t *testing.T) {
	for i := 0; i < 3; i++ {
		if Watch(0) {
			t.Fatal("expected a timeout")
		}
	}
}
