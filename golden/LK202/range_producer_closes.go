// Negative: the producer sends in a loop and closes the channel; the
// consumer ranges over it until it is closed.
package range_producer_closes

func Words(lines []string) []string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, l := range lines {
			ch <- l
		}
	}()
	var out []string
	for w := range ch {
		out = append(out, w)
	}
	return out
}
