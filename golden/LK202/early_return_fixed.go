// The function returns early (a failed validation) after starting the
// goroutine and before receiving its result.
package early_return_fixed

import "errors"

func checksum(data []byte) uint32 {
	var s uint32
	for _, b := range data {
		s = s*31 + uint32(b)
	}
	return s
}

func Verify(data []byte, want uint32) error {
	sums := make(chan uint32) // want LK202
	go func() {
		sums <- checksum(data)
	}()
	if len(data) == 0 {
		return errors.New("empty input")
	}
	if <-sums != want {
		return errors.New("checksum mismatch")
	}
	return nil
}
