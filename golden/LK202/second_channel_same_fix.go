// Case: two channels of the same shape in one function, an error channel
// and a result channel, declared in one statement: each can be abandoned
// when the context is done first, and each gets the same fix.
package second_channel_same_fix

import "context"

func lookup() (string, error) { return "v", nil }

func Lookup(ctx context.Context) (string, error) {
	errc, resc := make(chan error), make(chan string) // want LK202 LK202
	go func() {
		v, err := lookup()
		if err != nil {
			errc <- err
			return
		}
		resc <- v
	}()
	select {
	case err := <-errc:
		return "", err
	case v := <-resc:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func LookupTwice(ctx context.Context) (string, error) {
	first := make(chan string) // want LK202
	go func() {
		v, _ := lookup()
		first <- v
	}()
	select {
	case <-first:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	second := make(chan string) // want LK202
	go func() {
		v, _ := lookup()
		second <- v
	}()
	select {
	case v := <-second:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
