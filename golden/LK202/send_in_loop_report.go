// Report only: a producer sends in a loop, so the number of values is unknown
// and no buffer size is right. The caller can stop at ctx.Done() before
// receiving anything. (The fix is a select on ctx.Done() in the producer.)
package send_in_loop_report

import "context"

func First(ctx context.Context, items []string) (string, error) {
	ch := make(chan string) // want LK202
	go func() {
		for _, it := range items {
			ch <- it
		}
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
