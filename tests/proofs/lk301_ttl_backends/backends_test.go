// Why --cache-ttl uses otter/v2 and not golang-lru/v2/expirable: a cache
// that is dropped must not leave its cleanup goroutine behind.
package backends

import (
	"runtime"
	"testing"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/maypok86/otter/v2"
	"go.uber.org/goleak"
)

func settle() {
	for i := 0; i < 5; i++ {
		runtime.GC()
		time.Sleep(300 * time.Millisecond)
	}
}

// golang-lru/v2/expirable v2.0.7: the goroutine started by NewLRU holds the
// cache and never returns, even after the cache is unreachable.
func TestExpirableGoroutineOutlivesItsCache(t *testing.T) {
	func() {
		c := expirable.NewLRU[string, int](100, nil, time.Minute)
		c.Add("a", 1)
	}()
	settle()
	if err := goleak.Find(); err == nil {
		t.Fatal("expected expirable's cleanup goroutine to be still running")
	}
}

// otter/v2 v2.4.0: the cleanup goroutine holds only a weak pointer and
// returns once the cache is collected.
func TestOtterGoroutineEndsWithItsCache(t *testing.T) {
	func() {
		c := otter.Must(&otter.Options[string, int]{MaximumSize: 100, ExpiryCalculator: otter.ExpiryWriting[string, int](time.Minute)})
		c.Set("a", 1)
	}()
	settle()
	if err := goleak.Find(goleak.IgnoreTopFunction("github.com/hashicorp/golang-lru/v2/expirable.NewLRU[...].func1")); err != nil {
		t.Fatal(err)
	}
}
