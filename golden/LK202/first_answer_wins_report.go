// Report only: one goroutine per server, the first answer wins and the others
// block forever. The number of senders is the length of the slice, not a
// constant, so no buffer size is chosen automatically.
package first_answer_wins_report

import "sync"

func ask(server string) string { return server }

func First(servers []string) string {
	ch := make(chan string) // want LK202
	for _, s := range servers {
		go func() { ch <- ask(s) }()
	}
	return <-ch
}

// Negative: the loop runs exactly twice and both values are received.
func Both() string {
	ch := make(chan string)
	for i := 0; i < 2; i++ {
		go func() { ch <- ask("x") }()
	}
	return <-ch + <-ch
}

// Negative: the receives are in a loop too (one per goroutine).
func All(servers []string) []string {
	ch := make(chan string)
	for _, s := range servers {
		go func() { ch <- ask(s) }()
	}
	var out []string
	for range servers {
		out = append(out, <-ch)
	}
	return out
}

// Negative: only the goroutine that sees the counter reach n sends, so the
// single receive matches the single send.
func Last(n int) {
	done := make(chan bool)
	var mu sync.Mutex
	count := 0
	for i := 0; i < n; i++ {
		go func() {
			mu.Lock()
			count++
			last := count == n
			mu.Unlock()
			if last {
				done <- true
			}
		}()
	}
	<-done
}
