#!/usr/bin/env python3
"""gofixleaks (all default rules) against ast-grep (one pattern), side by side.

    python benchmarks/vs_astgrep.py [--rounds N] [--jobs N] [PATH]
    python benchmarks/vs_astgrep.py --scale [--rounds N] [PATH]

Default PATH: ``$(go env GOROOT)/src``.  Each round runs, one after the other,
``ast-grep run -l go -p '$X := time.NewTicker($A)' .``, gofixleaks with an
empty cache (cold) and gofixleaks again with the cache that run left (warm),
so that the load of a shared machine falls on all three alike.  Wall time,
CPU time and peak RSS (``wait4``'s rusage: the largest process of the tree,
workers included) are taken per run; the medians are printed, and the ratios
(gofixleaks / ast-grep) last.  Every warm report is compared byte for byte
with the cold one.

``--scale`` times cold gofixleaks over 1, 2 and 4 copies of the tree (hard
links in a temporary directory) and prints the time per copy: linear time
keeps it flat.

A script, not a test: absolute times depend on the machine; the ratios,
measured alternately in one run, are what to compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PATTERN = "$X := time.NewTicker($A)"


def goroot_src() -> str:
    return os.path.join(subprocess.check_output(["go", "env", "GOROOT"], text=True).strip(), "src")


def astgrep_exe() -> str:
    for name in ("ast-grep", "sg"):
        exe = shutil.which(name) or shutil.which(name, path=os.path.dirname(sys.executable))
        if exe:
            return exe
    sys.exit("vs_astgrep: ast-grep not found (pip install ast-grep-cli)")


def timed(cmd: list[str], cwd: str, env: dict | None = None) -> tuple[float, float, int, bytes]:
    """(wall s, CPU s, peak RSS MB, stdout) of one run of ``cmd``."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.DEVNULL)
        _pid, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            sys.exit(f"vs_astgrep: {' '.join(cmd)} exited {proc.returncode}")
        out.seek(0)
        return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss // 1024, out.read()


def gofixleaks_cmd(cache: str, jobs: int) -> list[str]:
    cmd = [sys.executable, "-m", "gofixleaks", "--format", "json", "--no-progress", "-q", "--cache-dir", cache, "."]
    if jobs:
        cmd[4:4] = ["-j", str(jobs)]
    return cmd


def tool_env(tmp: str) -> dict:
    """The environment gofixleaks runs in: bytecode cached (in ``tmp``), as
    for an installed tool, even where PYTHONDONTWRITEBYTECODE is set."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
    subprocess.run([sys.executable, "-m", "gofixleaks", "--version"], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", "import gofixleaks.cli, gofixleaks.cache"], env=env, check=True)
    return env


def side_by_side(path: str, rounds: int, jobs: int) -> int:
    ag = [astgrep_exe(), "run", "-l", "go", "-p", PATTERN, "."]
    runs: dict[str, list[tuple[float, float, int]]] = {"ast-grep": [], "cold": [], "warm": []}
    identical = True
    with tempfile.TemporaryDirectory(prefix="gofixleaks-bench-") as tmp:
        cache = os.path.join(tmp, "cache")
        env = tool_env(tmp)
        for i in range(rounds):
            runs["ast-grep"].append(timed(ag, path)[:3])
            shutil.rmtree(cache, ignore_errors=True)
            *cold, cold_out = timed(gofixleaks_cmd(cache, jobs), path, env)
            runs["cold"].append(tuple(cold))
            *warm, warm_out = timed(gofixleaks_cmd(cache, jobs), path, env)
            runs["warm"].append(tuple(warm))
            identical &= cold_out == warm_out
            print(f"round {i + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f}s" for k, v in runs.items()), flush=True)
    med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v), max(r[2] for r in v)) for k, v in runs.items()}
    print(f"\n{path}, {rounds} rounds, medians:")
    print(f"{'':10} {'wall':>8} {'CPU':>8} {'peak RSS':>9}")
    for k, (wall, cpu, rss) in med.items():
        print(f"{k:10} {wall:7.2f}s {cpu:7.2f}s {rss:6d} MB")
    print(f"warm report byte-identical to cold: {'yes' if identical else 'NO'}")
    base = med["ast-grep"][0]
    print(f"ratio cold {med['cold'][0] / base:.3f}x, warm {med['warm'][0] / base:.3f}x of ast-grep (wall, medians)")
    return 0 if identical else 1


def scale(path: str, rounds: int, jobs: int) -> int:
    times = {}
    with tempfile.TemporaryDirectory(prefix="gofixleaks-scale-") as tmp:
        env = tool_env(tmp)
        for k in (1, 2, 4):
            root = os.path.join(tmp, f"x{k}")
            os.makedirs(root)
            for c in range(k):
                shutil.copytree(path, os.path.join(root, f"copy{c}"), symlinks=True, copy_function=os.link)
        for _ in range(rounds):
            for k in (1, 2, 4):
                cache = os.path.join(tmp, "cache")
                shutil.rmtree(cache, ignore_errors=True)
                wall, cpu, rss, _out = timed(gofixleaks_cmd(cache, jobs), os.path.join(tmp, f"x{k}"), env)
                times.setdefault(k, []).append((wall, cpu, rss))
    print(f"\n{path}, cold runs over k copies, {rounds} rounds, medians:")
    print(f"{'copies':>6} {'wall':>8} {'CPU':>8} {'wall/copy':>10} {'peak RSS':>9}")
    for k, v in times.items():
        wall = statistics.median(r[0] for r in v)
        print(f"{k:>6} {wall:7.2f}s {statistics.median(r[1] for r in v):7.2f}s {wall / k:9.2f}s {max(r[2] for r in v):6d} MB")
    w1 = statistics.median(r[0] for r in times[1])
    print(f"time per copy relative to 1 copy: 2x {statistics.median(r[0] for r in times[2]) / (2 * w1):.2f}, 4x {statistics.median(r[0] for r in times[4]) / (4 * w1):.2f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0, help="gofixleaks -j (default: all cores)")
    ap.add_argument("--scale", action="store_true", help="cold runs over 1, 2 and 4 copies of the tree")
    args = ap.parse_args()
    path = os.path.abspath(args.path or goroot_src())
    return scale(path, args.rounds, args.jobs) if args.scale else side_by_side(path, args.rounds, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
