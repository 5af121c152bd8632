package main

import (
	"context"
	"fmt"
)

// Serve is an exported method, but of package main: every call site is in
// the module and resolves to (*server).Serve through the index (s's type
// comes from newServer), so the context is threaded in: a safe fix.
type server struct{ out chan string }

func newServer() *server { return &server{out: make(chan string)} }

func (s *server) Serve(name string) {
	go func() { // want LK201
		for {
			s.out <- name
		}
	}()
}

func handle(ctx context.Context, name string) {
	s := newServer()
	s.Serve(name)
	fmt.Println(<-s.out)
	<-ctx.Done()
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, n := range []string{"a", "b"} {
		handle(ctx, n)
	}
}
