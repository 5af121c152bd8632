package service

import (
	"context"
	"testing"

	"go.uber.org/goleak"
)

// The same test before and after the fix: Run keeps its signature.
func TestRunLeavesNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	if got := Run(ctx); got != 42 {
		t.Fatalf("Run = %d", got)
	}
	cancel()
}
