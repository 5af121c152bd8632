package object_lifetime_constructor

import (
	"context"
	"time"
)

// Watcher's goroutine is started by its constructor and lives as long as
// the Watcher: tying it to NewWatcher's context would stop the object's work
// when a cancellable caller returns (and still leak under the others).
// Reported, no fix: the advice names the Close method to stop it from.
type Watcher struct {
	events chan string
	name   string
}

func NewWatcher(ctx context.Context, name string) *Watcher {
	w := &Watcher{events: make(chan string), name: name}
	_ = ctx
	go w.loop() // want LK201
	return w
}

func (w *Watcher) loop() {
	for {
		w.events <- w.name
		time.Sleep(time.Second)
	}
}

func (w *Watcher) Close() error { return nil }
