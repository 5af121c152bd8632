// Negative (known false negative): goroutines started in a loop, the first
// answer wins. The others leak, but the number of senders is not a constant
// here, so the rule stays quiet rather than guess a buffer size.
package goroutines_in_loop

func ask(server string) string { return server }

func First(servers []string) string {
	ch := make(chan string)
	for _, s := range servers {
		go func() { ch <- ask(s) }()
	}
	return <-ch
}
