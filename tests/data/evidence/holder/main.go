// Command holder leaves goroutines behind at three go statements, like a
// server whose handlers leak: 2 abandoned senders in fetch, 6 in lookup and
// 3 endless producers in numbers.  It then writes a goroutine dump (debug=2)
// to its first argument and, when the runtime has the goroutineleak profile
// (GOEXPERIMENT=goroutineleakprofile), that profile (debug=1) to its second.
package main

import (
	"errors"
	"os"
	"runtime/pprof"
	"sync"
	"time"
)

func fetch(timeout time.Duration) int {
	ch := make(chan int)
	go func() {
		time.Sleep(5 * time.Millisecond)
		ch <- 42
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		return 0
	}
}

func lookup(key string, timeout time.Duration) (string, error) {
	ch := make(chan string)
	go func() {
		time.Sleep(5 * time.Millisecond)
		ch <- key
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(timeout):
		return "", errors.New("timeout")
	}
}

func numbers() <-chan string {
	ch := make(chan string)
	go func() {
		for {
			ch <- "data"
		}
	}()
	return ch
}

// handle is one request: it ends, and what it started stays behind.
func handle(wg *sync.WaitGroup, work func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		work()
	}()
}

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		handle(&wg, func() { fetch(0) })
	}
	for i := 0; i < 6; i++ {
		handle(&wg, func() { lookup("k", 0) })
	}
	for i := 0; i < 3; i++ {
		handle(&wg, func() { <-numbers() })
	}
	wg.Wait()
	time.Sleep(200 * time.Millisecond) // the senders reach their send
	write(os.Args[1], "goroutine", 2)
	if len(os.Args) > 2 {
		write(os.Args[2], "goroutineleak", 1)
	}
}

func write(path, profile string, debug int) {
	p := pprof.Lookup(profile)
	if p == nil {
		return
	}
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	p.WriteTo(f, debug)
}
