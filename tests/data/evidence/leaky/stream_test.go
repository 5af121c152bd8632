package leaky

import (
	"context"
	"testing"
	"time"
)

func TestFirstN(t *testing.T) {
	for i := 0; i < 5; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		if got := FirstN(ctx, 3); len(got) != 3 {
			t.Fatalf("FirstN = %q", got)
		}
		cancel()
	}
}

func TestLookupTimeout(t *testing.T) {
	for i := 0; i < 4; i++ {
		if _, err := Lookup("k", time.Millisecond); err == nil {
			t.Fatal("expected a timeout")
		}
	}
}

func TestLookupAnswers(t *testing.T) {
	if v, err := Lookup("k", 5*time.Second); err != nil || v != "value of k" {
		t.Fatalf("Lookup = %q, %v", v, err)
	}
}
