package hang

import (
	"testing"
	"time"
)

func TestForever(t *testing.T) {
	Get(0)
	time.Sleep(time.Hour)
}
