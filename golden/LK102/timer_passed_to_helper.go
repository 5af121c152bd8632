// Negative: the timer itself is handed to a helper, which may stop it.
package timer_passed_to_helper

import "time"

func release(t *time.Timer) { t.Stop() }

func Use(d time.Duration) {
	t := time.NewTimer(d)
	release(t)
}
