// golden-args: --preview
// The test_file_quiet case with --preview: reported, and the channel gets
// its buffer.
package test_file_preview

func Work() int { return 1 }
