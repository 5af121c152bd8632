// Package leakguide holds the two goroutine leaks of the leak guide's first
// chapter, as written there, and the small callers the test goes through.
package leakguide

import (
	"context"
	"log"
	"time"
)

// fetchData is the guide's producer: once the receiver stops reading, the
// goroutine blocks on ch <- "data" forever.
func fetchData() <-chan string {
	ch := make(chan string)
	go func() {
		for {
			ch <- "data" // 当接收方退出,此goroutine无法退出
		}
	}()
	return ch
}

// firstN reads n values and stops listening.  It has a context in scope, so
// LK201's fix passes it to fetchData; before the fix ctx is unused.
func firstN(ctx context.Context, n int) []string {
	ch := fetchData()
	out := make([]string, 0, n)
	for len(out) < n {
		out = append(out, <-ch)
	}
	return out
}

// startTicker is the guide's ticker: never stopped, ranged over forever.
func startTicker() {
	ticker := time.NewTicker(1 * time.Second)
	go func() {
		for range ticker.C {
			log.Println("tick")
		}
	}()
}

// runTicker starts the ticker with a context in scope (passed on by the fix).
func runTicker(ctx context.Context) {
	startTicker()
}
