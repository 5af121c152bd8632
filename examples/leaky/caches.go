package leaky

import (
	"net/http"
	"runtime"
	"sync"
	"time"
)

// LK301 (--preview): a package-level map used as a cache, never evicted (the leak
// guide's first example).
var clients = make(map[string]*http.Client)

// GetClient returns the client for host, creating it once.
func GetClient(host string) *http.Client {
	if client, ok := clients[host]; ok {
		return client
	}
	client := &http.Client{Timeout: time.Second * 10}
	clients[host] = client
	return client
}

// LK301 (--preview): a sync.Map cache never deleted from (reported, no fix).
var rendered sync.Map

// Render returns the rendered form of name, computing it once.
func Render(name string) string {
	if v, ok := rendered.Load(name); ok {
		return v.(string)
	}
	s := "<" + name + ">"
	rendered.Store(name, s)
	return s
}

// LK302: the method value s.loop keeps all of s (data) reachable for as long
// as s.run is held.
type Service struct {
	data []byte
	run  func()
}

// Start prepares the service loop.
func (s *Service) Start() {
	s.run = s.loop
}

func (s *Service) loop() {
	time.Sleep(time.Millisecond)
}

// LK303: the finalizer captures obj itself, so obj is never collected.
type Handle struct {
	fd int
}

func closeFD(fd int) {}

// OpenHandle returns a handle whose descriptor is closed when it is collected.
func OpenHandle() *Handle {
	obj := &Handle{fd: 3}
	runtime.SetFinalizer(obj, func(*Handle) { closeFD(obj.fd) })
	return obj
}
