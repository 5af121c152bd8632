// Negative by default: a test whose goroutine is abandoned only when the
// test fails (go-redis's BLPop shape): reported only with --preview (see
// test_file_preview).
package test_file_quiet

func Work() int { return 1 }
