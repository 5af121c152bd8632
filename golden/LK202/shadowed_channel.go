// Negative: the name is redeclared in an inner scope, so occurrences of ch do
// not all refer to one channel. The rule does not guess.
package shadowed_channel

import "time"

func Get(other chan int) int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	if other != nil {
		ch := other
		return <-ch
	}
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}
