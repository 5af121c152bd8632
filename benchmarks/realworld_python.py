#!/usr/bin/env python3
"""Precision of the Python rules on real code from PyPI sdists.

    python benchmarks/realworld_python.py [--work DIR] [NAME==VERSION ...]

For each package (default: ``PACKAGES`` below), the script

1. downloads its sdist with ``pip download --no-binary :all: --no-deps``
   into ``DIR/sdists`` (a cache outside the repository; nothing is
   downloaded again) and unpacks a fresh copy into ``DIR/src/<name>``,
2. runs ``gofixleaks --select PY --format json`` (the findings), then
   ``gofixleaks --select PY --fix --unsafe-fixes --verify`` on the copy,
3. checks itself that every changed file compiles (``compile()``) and that a
   second ``--fix`` run changes nothing,
4. matches every finding against the hand review in
   ``benchmarks/reviewed/python-<name>.toml`` (``[[finding]]`` tables with
   ``file``, ``line``, ``rule``, ``verdict`` = "tp" or "fp", ``reason``) and
   prints the precision per rule.  A finding without a review entry is
   listed as UNREVIEWED (and the exit status is 1), so a rule change that
   adds findings is noticed; a review entry without a finding is listed as
   GONE.

It is a script, not a test: it needs PyPI.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEWED = ROOT / "benchmarks" / "reviewed"
PACKAGES = ["supervisor==4.2.5", "paramiko==3.4.0", "tornado==6.4.1", "gunicorn==23.0.0"]


def gofixleaks(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gofixleaks", "--no-progress", *args], cwd=cwd, env=env, capture_output=True, text=True)


def fetch(spec: str, work: Path) -> Path:
    name, version = spec.split("==")
    sdists = work / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    matches = [p for p in sdists.iterdir() if p.name.lower().startswith(f"{name.lower()}-{version}.")]
    if not matches:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:", "--no-deps", "-d", str(sdists), spec], check=True)
        matches = [p for p in sdists.iterdir() if p.name.lower().startswith(f"{name.lower()}-{version}.")]
    dest = work / "src" / name
    shutil.rmtree(dest, ignore_errors=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(matches[0]) as tar:
        tar.extractall(dest, filter="data")
    (top,) = list(dest.iterdir())
    return top


def review(name: str) -> dict[tuple[str, int, str], dict]:
    path = REVIEWED / f"python-{name}.toml"
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text())
    return {(f["file"], f["line"], f["rule"]): f for f in data.get("finding", [])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default=os.path.expanduser("~/.cache/gofixleaks-realworld-python"))
    ap.add_argument("packages", nargs="*", default=PACKAGES)
    args = ap.parse_args(argv)
    work = Path(args.work)
    per_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # findings, tp, fp, fixes applied
    problems: list[str] = []
    for spec in args.packages:
        name = spec.split("==")[0]
        top = fetch(spec, work)
        reviewed = review(name)
        found = json.loads(gofixleaks(["--select", "PY", "--format", "json", "."], top).stdout or "[]")
        seen = set()
        for f in found:
            key = (f["path"], f["line"], f["code"])
            seen.add(key)
            row = per_rule[f["code"]]
            row[0] += 1
            entry = reviewed.get(key)
            if entry is None:
                problems.append(f"UNREVIEWED {name}: {f['path']}:{f['line']} {f['code']} {f['message']}")
            elif entry["verdict"] == "tp":
                row[1] += 1
            else:
                row[2] += 1
        for key in sorted(set(reviewed) - seen):
            problems.append(f"GONE {name}: {key[0]}:{key[1]} {key[2]} (reviewed, no longer found)")
        before = {p: p.read_bytes() for p in top.rglob("*.py")}
        fixed = gofixleaks(["--select", "PY", "--fix", "--unsafe-fixes", "--verify", "--format", "json", "."], top)
        for f in json.loads(fixed.stdout or "[]"):
            if f["fix"] and f["fix"]["applied"]:
                per_rule[f["code"]][3] += 1
        for p, old in before.items():
            new = p.read_bytes()
            if new != old:
                try:
                    compile(new, str(p), "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
                except SyntaxError as e:
                    problems.append(f"BROKEN {name}: {p.relative_to(top)} does not compile after --fix: {e}")
        again = gofixleaks(["--select", "PY", "--fix", "--unsafe-fixes", "."], top)
        if "0 files changed" not in again.stderr:
            problems.append(f"NOT STABLE {name}: a second --fix run changed files: {again.stderr.strip()}")
        print(f"{spec}: {len(found)} findings ({sum(1 for p in before)} .py files)")
    print()
    print(f"{'rule':<6} {'findings':>8} {'tp':>4} {'fp':>4} {'precision':>9} {'fixed':>6}")
    total = [0, 0, 0, 0]
    for code in sorted(per_rule):
        n, tp, fp, fx = per_rule[code]
        total = [a + b for a, b in zip(total, per_rule[code])]
        prec = f"{100 * tp / (tp + fp):.0f}%" if tp + fp else "-"
        print(f"{code:<6} {n:>8} {tp:>4} {fp:>4} {prec:>9} {fx:>6}")
    n, tp, fp, fx = total
    print(f"{'all':<6} {n:>8} {tp:>4} {fp:>4} {(f'{100 * tp / (tp + fp):.0f}%' if tp + fp else '-'):>9} {fx:>6}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
