package method_receiver

import "context"

type pump struct {
	out chan int
}

// startRun runs a method of its own receiver as a goroutine: run and
// startRun get a context; use has one in scope and passes it.
func (p *pump) startRun() {
	go p.run() // want LK201
}

func (p *pump) run() {
	for {
		p.out <- 1
	}
}

func use(ctx context.Context) *pump {
	p := &pump{out: make(chan int)}
	p.startRun()
	return p
}
