// Proof for LK106 (unclosed-file).
//
// firstByte has exactly the fixable LK106 shape: a file from os.Open, read
// through its own methods, never closed, with a terminating
// `if err != nil { return ... }` after the call. Every call leaks one file
// descriptor.
//
// The program lowers its own soft RLIMIT_NOFILE to 64 (the Go runtime raises
// the soft limit to the hard one at start-up, so it must be lowered from
// inside) and calls firstByte 200 times: it fails with "too many open files"
// after about 60 calls. After gofixleaks inserts `defer f.Close()`, all 200
// calls succeed.
//
// The runtime closes an unreachable *os.File from a finalizer when the
// garbage collector runs, which would make the failure depend on GC timing.
// The program turns the collector off (debug.SetGCPercent(-1)) so that the
// leak is deterministic: the fixed version never relies on a finalizer.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
)

const (
	calls = 200
	limit = 64
)

func firstByte(path string) (byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	b := make([]byte, 1)
	if _, err := f.Read(b); err != nil {
		return 0, err
	}
	return b[0], nil
}

func lowerFileLimit(n uint64) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		panic(err)
	}
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		panic(err)
	}
}

func main() {
	debug.SetGCPercent(-1)
	dir, err := os.MkdirTemp("", "lk106-proof")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "data.txt")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		panic(err)
	}
	lowerFileLimit(limit)
	for i := 0; i < calls; i++ {
		if _, err := firstByte(path); err != nil {
			fmt.Printf("calls=%d error=%v\n", i, err)
			os.RemoveAll(dir)
			os.Exit(1)
		}
	}
	fmt.Printf("calls=%d ok\n", calls)
}
