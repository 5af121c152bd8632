package leakguide

import (
	"context"
	"testing"

	"go.uber.org/goleak"
)

// The same test runs before and after gofixleaks --fix: it calls the leaky
// functions through firstN and runTicker, whose signatures the fix keeps,
// and cancels the context it gave them.  Before the fix nothing listens to
// that context and goleak finds the goroutine; after it, cancelling ends it.

func TestFetchDataStopsWhenCancelled(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	got := firstN(ctx, 3)
	cancel()
	if len(got) != 3 || got[0] != "data" {
		t.Fatalf("firstN = %q", got)
	}
}

func TestTickerStopsWhenCancelled(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	runTicker(ctx)
	cancel()
}
