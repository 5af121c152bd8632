// golden-args: --unsafe-fixes
// Negative: what the deferred call releases is meant to live until the
// function returns (shapes from grpc's, cobra's and nats.go's tests, and the
// review's false positives on real services): kept after the loop, stored,
// handed to a goroutine or a callback.  Releasing it at the function's
// return is the intent, not a leak, so nothing is reported.
package resource_outlives_iteration_quiet

import (
	"net"
	"os"
	"sync"
)

type server struct{ ln net.Listener }

func (s *server) Stop() { s.ln.Close() }

func start() (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return &server{ln: ln}, nil
}

// The connections are kept in a slice declared before the loop.
func outerSliceElement(addrs []string) error {
	conns := make([]net.Conn, len(addrs))
	for i, a := range addrs {
		var err error
		conns[i], err = net.Dial("tcp", a)
		if err != nil {
			return err
		}
		defer conns[i].Close()
	}
	for _, c := range conns {
		c.Write([]byte("hi"))
	}
	return nil
}

// The server is appended to a slice used after the loop.
func appended(n int) error {
	var servers []*server
	for i := 0; i < n; i++ {
		s, err := start()
		if err != nil {
			return err
		}
		defer s.Stop()
		servers = append(servers, s)
	}
	for _, s := range servers {
		_ = s.ln.Addr()
	}
	return nil
}

// A goroutine started in the iteration keeps using the connection.
func capturedByGoroutine(addrs []string, wg *sync.WaitGroup) error {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			return err
		}
		defer c.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Write([]byte("ping"))
		}()
	}
	wg.Wait()
	return nil
}

// A package function undoes what the iteration set up (here: files the
// caller reads after the loop).
func packageFunction(names []string) error {
	for _, name := range names {
		if err := os.WriteFile(name, []byte("x"), 0o600); err != nil {
			return err
		}
		defer os.Remove(name)
	}
	for _, name := range names {
		if _, err := os.ReadFile(name); err != nil {
			return err
		}
	}
	return nil
}

// Listeners opened in the loop and never used in it again: kept open for
// their side effect until the function returns.
func keptForSideEffect(addrs []string, serve func()) error {
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err != nil {
			return err
		}
		defer ln.Close()
	}
	serve()
	return nil
}

type flag struct{ Hidden bool }

// cobra's doc tests: each flag is hidden until the function returns, on
// purpose; restoring it per iteration would undo the setup at once.
func restoredAtReturn(flags []*flag, gen func()) {
	for _, f := range flags {
		f.Hidden = true
		defer func() { f.Hidden = false }()
	}
	gen()
}

type conn struct{}

func dial() *conn { return &conn{} }

func (c *conn) Subscribe(subject string, cb func(string)) error { return nil }

func (c *conn) Flush() error { return nil }

func (c *conn) Close() {}

// nats.go's websocket test: each connection subscribes a callback that must
// keep receiving after the loop, while the producers publish.
func subscribedWithCallback(subjects []string, publish func()) {
	cb := func(msg string) { println(msg) }
	for _, s := range subjects {
		nc := dial()
		defer nc.Close()
		_ = nc.Subscribe(s, cb)
		nc.Flush()
	}
	publish()
}
