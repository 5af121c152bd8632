//go:build leaky_lostcancel

// Package lostcancel shows LK103's shapes. `go vet` (lostcancel) rejects
// them, so this file builds only with -tags leaky_lostcancel and the sample
// module still passes `go build ./... && go vet ./...`; gofixleaks reads it
// all the same.
package lostcancel

import (
	"context"
	"time"
)

func fetch(ctx context.Context, key string) (string, error) {
	return key, ctx.Err()
}

// Lookup discards the cancel function: every call leaves one child context
// (and its timer) registered with parent for an hour (LK103).
func Lookup(parent context.Context, key string) (string, error) {
	ctx, _ := context.WithTimeout(parent, time.Hour)
	return fetch(ctx, key)
}

// LookupTwice cancels only when the first lookup fails (LK103).
func LookupTwice(parent context.Context, a, b string) (string, error) {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	if _, err := fetch(ctx, a); err != nil {
		cancel()
		return "", err
	}
	return fetch(ctx, b)
}
