// Negative: the ticker's channel is handed to a goroutine as an argument;
// stopping the ticker when the function returns would starve it, and the
// matcher does not follow the channel: no finding.
package ticker_channel_passed_to_goroutine

import "time"

func Start(d time.Duration, stop <-chan struct{}, beat func()) {
	t := time.NewTicker(d)
	go func(c <-chan time.Time) {
		for {
			select {
			case <-c:
				beat()
			case <-stop:
				return
			}
		}
	}(t.C)
}
