package test_file_preview

import "context"

// Wait returns when ctx is done.
func Wait(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}
