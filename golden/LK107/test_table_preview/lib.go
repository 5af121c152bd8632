// golden-args: --preview
// The test_table_quiet case with --preview: reported, and the short fix
// (cancel at the end of each iteration) is offered, unsafe.
package test_table_preview

func Double(n int) int { return 2 * n }
