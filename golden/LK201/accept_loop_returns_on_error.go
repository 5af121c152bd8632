package accept_loop_returns_on_error

import "net"

// The accept loop ends when Accept fails (the listener was closed): it
// already has a way out.
func serve(l net.Listener, conns chan<- net.Conn) {
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
}
