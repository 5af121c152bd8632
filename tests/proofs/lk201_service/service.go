// Package service has the goroutine shapes LK201 rewrites beyond the leak
// guide's two examples: a worker method that receives with `j := <-p.jobs`
// (the rest of its loop moves into the new select case), a heartbeat over
// time.Tick, and a poller that sleeps.  Run has a context in scope and the
// fix passes it down (start, work, heartbeat and poller get a ctx parameter).
package service

import (
	"context"
	"time"
)

type pool struct {
	jobs    chan int
	results chan int
}

func (p *pool) work() {
	for {
		j := <-p.jobs
		if j < 0 {
			continue
		}
		p.results <- j * 2
	}
}

func (p *pool) start(n int) {
	for i := 0; i < n; i++ {
		go p.work()
	}
}

func heartbeat(beats chan<- time.Time) {
	go func() {
		for now := range time.Tick(10 * time.Millisecond) {
			select {
			case beats <- now:
			default:
			}
		}
	}()
}

func poller(out chan<- int) {
	go func() {
		n := 0
		for {
			time.Sleep(time.Millisecond)
			n++
			out <- n
		}
	}()
}

// Run starts the service's goroutines, uses each once and returns.
func Run(ctx context.Context) int {
	p := &pool{jobs: make(chan int), results: make(chan int)}
	p.start(3)
	p.jobs <- 21
	got := <-p.results
	beats := make(chan time.Time, 1)
	heartbeat(beats)
	<-beats
	ns := make(chan int)
	poller(ns)
	<-ns
	return got
}
