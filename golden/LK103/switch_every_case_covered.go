// Negative: after the call, a switch whose every case either calls cancel
// or never comes back (log.Fatal, panic, a fallthrough into one that
// does): cancel is used on every path, as vet's lostcancel also sees.
package switch_every_case_covered

import (
	"context"
	"log"
)

func Run(parent context.Context, mode int) {
	ctx, cancel := context.WithCancel(parent)
	switch mode {
	case 0:
		log.Fatal(ctx.Err())
	case 1:
		cancel()
	case 2:
		log.Print("two")
		fallthrough
	default:
		panic("unknown mode")
	}
}
