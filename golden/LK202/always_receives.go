// Negative: every path receives the value before the function returns.
package always_receives

import "errors"

func square(n int) int { return n * n }

func Square(n int) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- square(n)
	}()
	v := <-ch
	if v < 0 {
		return 0, errors.New("overflow")
	}
	return v, nil
}

func Both(a, b int) int {
	ch := make(chan int)
	go func() { ch <- square(a) }()
	go func() { ch <- square(b) }()
	return <-ch + <-ch
}
