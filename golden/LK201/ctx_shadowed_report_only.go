package ctx_shadowed_report_only

import "context"

type renderCtx struct{ depth int }

// ctx is declared twice in serve (the parameter and a local of another
// type): the goroutine could not tell them apart, so no fix.
func serve(ctx context.Context, out chan<- int) {
	{
		ctx := renderCtx{depth: 1}
		_ = ctx.depth
	}
	go func() { // want LK201
		for {
			out <- 1
		}
	}()
}
