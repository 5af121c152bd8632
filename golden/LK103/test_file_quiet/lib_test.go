// Case: a test's loop derives a timeout context per round and cancels it
// only on one path (grpc's rls helpers): the path without the cancel runs
// after the timeout fired. Preview shape: quiet by default (test_file_preview
// has it with --preview).
// golden-input-fails-vet
package test_file_quiet

import (
	"context"
	"testing"
	"time"
)

func TestWait(t *testing.T) {
	for i := 0; i < 3; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		if err := Wait(ctx); err == nil {
			cancel()
			t.Fatal("want an error")
		}
	}
}
