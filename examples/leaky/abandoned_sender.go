package leaky

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// Goroutine leaks for gofixleaks rule LK202 (abandoned-sender): a goroutine
// sends its result on an unbuffered channel, and the caller may stop
// listening first. gofixleaks makes the first two channels buffered; the
// third goroutine does more after its send, so it is reported without a fix.

// Price asks a slow backend for a price and gives up after timeout.
// Leak 1 (fixable): after the timeout nobody receives, the sender blocks forever.
func Price(item string, timeout time.Duration) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- slowPrice(item)
	}()
	select {
	case p := <-ch:
		return p, nil
	case <-time.After(timeout):
		return 0, errors.New("price: timed out")
	}
}

// Stock checks the stock level unless the context is already done.
// Leak 2 (fixable): the early return leaves the sender behind.
func Stock(ctx context.Context, item string) (int, error) {
	levels := make(chan int)
	go func() {
		levels <- slowPrice(item) / 10
	}()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return <-levels, nil
}

var served atomic.Int64

// Quote is like Price but counts the quotes it handed over.
// Leak 3 (report only): the goroutine does more after its send.
func Quote(ctx context.Context, item string) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- slowPrice(item)
		served.Add(1)
	}()
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func slowPrice(item string) int {
	time.Sleep(20 * time.Millisecond)
	return len(item) * 100
}
