package test_table_quiet

import (
	"context"
	"testing"
	"time"
)

func TestDouble(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if Double(n) != 2*n || ctx.Err() != nil {
			t.Fatal(n)
		}
	}
}
