// Negative (a known false negative): `_ = cancel` is a use the matcher
// does not follow, so no finding; vet's lostcancel does flag it (the
// assignment is a use on one path only).
// golden-input-fails-vet
package cancel_blank_assigned

import "context"

func Run(parent context.Context, keep bool) context.Context {
	ctx, cancel := context.WithCancel(parent)
	if keep {
		_ = cancel
	}
	return ctx
}
