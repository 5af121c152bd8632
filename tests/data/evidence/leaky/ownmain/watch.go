// Package ownmain has its own TestMain; its tests leak an abandoned sender.
package ownmain

import "time"

// Watch waits for a change at most timeout; the sender is abandoned after it.
func Watch(timeout time.Duration) bool {
	done := make(chan bool)
	go func() {
		time.Sleep(10 * time.Millisecond)
		done <- true
	}()
	select {
	case v := <-done:
		return v
	case <-time.After(timeout):
		return false
	}
}
