package lookup

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestLookupTimeoutLeaksNothing times out 20 lookups, then checks that no
// goroutine is left behind (goleak retries for a while, so slow senders that
// do finish are not counted).
func TestLookupTimeoutLeaksNothing(t *testing.T) {
	for i := 0; i < 20; i++ {
		if _, err := Lookup("k", time.Millisecond); err == nil {
			t.Fatal("expected a timeout")
		}
	}
	goleak.VerifyNone(t)
}

func TestLookupAnswers(t *testing.T) {
	v, err := Lookup("k", 5*time.Second)
	if err != nil || v != "value of k" {
		t.Fatalf("Lookup = %q, %v", v, err)
	}
	goleak.VerifyNone(t)
}
