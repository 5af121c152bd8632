package sync_once_do

import (
	"sync"
	"time"
)

var (
	once  sync.Once
	clock = make(chan time.Time)
)

// Started once through sync.Once: not reported.
func startClock() {
	once.Do(func() {
		go func() {
			for {
				time.Sleep(time.Second)
				clock <- time.Now()
			}
		}()
	})
}
