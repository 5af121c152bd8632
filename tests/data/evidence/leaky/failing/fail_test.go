package failing

import "testing"

func TestFetchBroken(t *testing.T) {
	if Fetch(0) != 42 {
		t.Fatal("this test fails on purpose: its leak is reported, not counted")
	}
}
