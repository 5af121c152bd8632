// Proof for LK107 (defer-in-loop).
//
// totalSize opens each path in a loop and defers its Close: the deferred
// calls run only when totalSize returns, so every file stays open until the
// whole loop is done. The program lowers its own soft RLIMIT_NOFILE to 64
// (the Go runtime raises the soft limit to the hard one at start-up, so it
// must be lowered from inside) and sums the sizes of 200 files: it fails
// with "too many open files" after about 60 of them.
//
// After gofixleaks moves the loop body into a function literal called once
// per iteration (each `return 0, err` becoming `return err` from the
// literal, checked after the call), each file is closed at the end of its
// iteration and all 200 are read.
//
// Here the garbage collector cannot hide the leak: the pending deferred
// calls keep every file reachable. The collector is turned off anyway
// (debug.SetGCPercent(-1)) so that both runs behave the same way.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
)

const (
	files = 200
	limit = 64
)

func totalSize(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		n, err := io.Copy(io.Discard, f)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
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
	dir, err := os.MkdirTemp("", "lk107-proof")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	var paths []string
	for i := 0; i < files; i++ {
		p := filepath.Join(dir, fmt.Sprintf("f%03d.txt", i))
		if err := os.WriteFile(p, []byte("hello\n"), 0o644); err != nil {
			panic(err)
		}
		paths = append(paths, p)
	}
	lowerFileLimit(limit)
	total, err := totalSize(paths)
	if err != nil {
		fmt.Printf("files=%d error=%v\n", files, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	fmt.Printf("files=%d bytes=%d ok\n", files, total)
}
