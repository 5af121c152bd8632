// golden-args: --preview
// Case: test_file_quiet with --preview: reported (in a loop: report only).
// golden-input-fails-vet
package test_file_preview

import (
	"context"
	"testing"
	"time"
)

func TestWait(t *testing.T) {
	for i := 0; i < 3; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond) // want LK103
		if err := Wait(ctx); err == nil {
			cancel()
			t.Fatal("want an error")
		}
	}
}
