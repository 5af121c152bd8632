// Negative (the review's false positive): the goroutine sends once on each
// of four mutually exclusive paths, then logs; the function always receives
// that one value, so nothing can block.
package exclusive_sends_one_value

import (
	"errors"
	"log"
)

func Classify(k int) error {
	done := make(chan error)
	go func() {
		switch k {
		case 1:
			done <- errors.New("one")
		case 2:
			done <- errors.New("two")
		case 3:
			done <- errors.New("three")
		default:
			done <- nil
		}
		log.Print("classified")
	}()
	return <-done
}
