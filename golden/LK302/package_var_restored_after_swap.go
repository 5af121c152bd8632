// grpc's adaptive throttler test: the clock function is swapped for a mock's
// method value and restored to the saved original when the test ends: not
// reported. Swapping without restoring still is.
package package_var_restored_after_swap

import "time"

var timeNow = time.Now

type mockClock struct{ t time.Time }

func (m *mockClock) Now() time.Time { return m.t }

func withMockClock(run func()) {
	m := &mockClock{}
	old := timeNow
	timeNow = m.Now
	defer func() { timeNow = old }()
	run()
}

func installMockClock() {
	m := &mockClock{}
	timeNow = m.Now // want LK302
}
