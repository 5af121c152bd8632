// Negative by default: a defer in a test's table loop (grpc's `defer
// sCancel()` per case) is released when the test returns; reported only
// with --preview (see test_table_preview).
package test_table_quiet

func Double(n int) int { return 2 * n }
