#!/usr/bin/env python3
"""Benchmark: scan a Go tree (default: $(go env GOROOT)/src) and print files/s and MB/s.

    python benchmarks/scan_stdlib.py [--jobs N] [--repeat K] [PATH]

Times the whole CLI run (discovery, reading, prefilter, parsing, rules) as a
user would run it, best of K runs, and prints findings per rule.  It is a
script, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gofixleaks.discovery import discover  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--select", default=None)
    args = ap.parse_args()
    path = args.path or os.path.join(subprocess.check_output(["go", "env", "GOROOT"], text=True).strip(), "src")
    found = discover([path])
    files = [f for fs in found.packages.values() for f in fs]
    size = sum(os.path.getsize(f) for f in files)
    cmd = [sys.executable, "-m", "gofixleaks", "--format", "json", "--no-progress", path]
    if args.jobs:
        cmd[3:3] = ["--jobs", str(args.jobs)]
    if args.select:
        cmd[3:3] = ["--select", args.select]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    best = None
    out = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, env=env)
        dt = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            print(proc.stderr.decode(), file=sys.stderr)
            return 2
        best = dt if best is None else min(best, dt)
        out = proc
    findings = json.loads(out.stdout)
    summary = out.stderr.decode().strip().splitlines()[-1]
    per_rule = Counter(f["code"] for f in findings)
    fixable = Counter(f["code"] for f in findings if f["fix"])
    print(f"tree:     {path}")
    print(f"files:    {len(files)} .go files, {size / 1e6:.1f} MB (after vendor/testdata/generated rules)")
    print(f"cores:    {os.cpu_count()}  jobs: {args.jobs or 'all'}")
    print(f"time:     {best:.2f} s (best of {args.repeat}, whole CLI run)")
    print(f"speed:    {len(files) / best:.0f} files/s, {size / 1e6 / best:.1f} MB/s")
    print(f"engine:   {summary}")
    for code in sorted(per_rule):
        print(f"{code}:    {per_rule[code]} findings ({fixable[code]} with a fix)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
