package range_over_channel

import "fmt"

// Ranging over a channel ends when someone closes it: not reported.
func printAll(in <-chan string) {
	go func() {
		for s := range in {
			fmt.Println(s)
		}
	}()
}
