"""The whole-stdlib gate: fix a copy of the Go standard library and prove it
still builds.

1. Copy ``$(go env GOROOT)/src`` into a fresh GOROOT (the other entries of
   GOROOT -- bin, pkg, lib... -- are symlinked, so the copy is a complete
   toolchain whose standard library is the copy).
2. Run ``gofixleaks --fix --unsafe-fixes --verify`` on the copy (every
   registered rule).  A fix that --verify had to revert fails the gate too:
   the safety net held, but the rule wrote a broken fix.
3. Every changed file must parse and be gofmt-clean; every changed package must
   ``go build`` and ``go vet`` against the copy (GOROOT=<copy>) when it did
   against the original.  ``go vet`` type-checks the package's _test.go files
   too, so a fix in a test file is checked as well.
4. A second run must change nothing.

Prints the counts per rule (findings, fixes applied, files changed) and exits
non-zero when the gate fails.  Used by tests/test_stdlib_gate.py; run it by
hand with ``python benchmarks/stdlib_gate.py [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gofixleaks import parsing  # noqa: E402
from gofixleaks.engine import gofmt_clean  # noqa: E402


@dataclass
class GateResult:
    goroot: str = ""
    findings: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    applied: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    files_by_rule: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    changed_files: list[str] = field(default_factory=list)
    packages: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    baseline_failing: list[str] = field(default_factory=list)
    second_run_changed: list[str] = field(default_factory=list)
    verify_summary: str = ""
    reverted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    verified: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reverted_lines: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def table(self) -> str:
        codes = sorted(set(self.findings) | set(self.applied))
        codes = sorted(set(codes) | set(self.reverted))
        lines = [
            "| rule | findings | fixes applied (kept) | files changed | verified | reverted by --verify |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for c in codes:
            lines.append(
                f"| {c} | {self.findings.get(c, 0)} | {self.applied.get(c, 0)} | "
                f"{len(self.files_by_rule.get(c, ()))} | {self.verified.get(c, 0)} | {self.reverted.get(c, 0)} |"
            )
        lines.append(
            f"| all | {sum(self.findings.values())} | {sum(self.applied.values())} | "
            f"{len(self.changed_files)} | {sum(self.verified.values())} | {sum(self.reverted.values())} |"
        )
        if self.verify_summary:
            lines.append("")
            lines.append(self.verify_summary)
        return "\n".join(lines)


def go_env(name: str) -> str:
    return subprocess.run(["go", "env", name], capture_output=True, text=True, check=True).stdout.strip()


def make_goroot_copy(dest: Path) -> Path:
    """A GOROOT at ``dest`` whose src/ is a copy and the rest symlinks."""
    orig = Path(go_env("GOROOT"))
    dest.mkdir(parents=True, exist_ok=True)
    for entry in orig.iterdir():
        if entry.name == "src":
            shutil.copytree(entry, dest / "src", symlinks=True)
        else:
            os.symlink(entry, dest / entry.name)
    return dest


def snapshot(src: Path) -> dict[str, str]:
    out = {}
    for dirpath, _dirs, files in os.walk(src):
        for f in files:
            if f.endswith(".go"):
                p = os.path.join(dirpath, f)
                with open(p, "rb") as fh:
                    out[p] = hashlib.sha256(fh.read()).hexdigest()
    return out


def gofixleaks(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "gofixleaks", "--no-progress", *args], cwd=cwd, env=env, capture_output=True, timeout=1800
    )


def go_env_for(goroot: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GOROOT=str(goroot), GOTOOLCHAIN="local", GOFLAGS="", GO111MODULE="", GOWORK="off")
    env.pop("GOPATH", None)
    return env


def import_path(src: Path, directory: str) -> str:
    return os.path.relpath(directory, src).replace(os.sep, "/")


def _go(goroot: Path, args: list[str], pkgs: list[str]) -> str | None:
    env = go_env_for(goroot)
    # std packages build from GOROOT/src; cmd/... from the cmd module there
    cwd = goroot / "src" / ("cmd" if pkgs[0] == "cmd" or pkgs[0].startswith("cmd/") else "")
    proc = subprocess.run(["go", *args, *pkgs], cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    out = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0 and args[0] == "build" and out and all("no non-test Go files" in ln for ln in out.splitlines()):
        return None  # only _test.go files there: go vet compiles them
    if proc.returncode != 0:
        return f"go {' '.join(args)}: {(proc.stdout + proc.stderr).strip()[:2000]}"
    return None


def check_packages(goroot: Path, pkgs: list[str]) -> dict[str, str]:
    """The packages for which ``go build`` or ``go vet`` fails in ``goroot``, with the output.

    One batched call per command for speed; package by package only on failure.
    """
    bad: dict[str, str] = {}
    groups = [[p for p in pkgs if p.startswith("cmd/") or p == "cmd"], [p for p in pkgs if not (p.startswith("cmd/") or p == "cmd")]]
    for group in groups:
        if not group:
            continue
        if all(_go(goroot, cmd, group) is None for cmd in (["build"], ["vet"])):
            continue
        for pkg in group:
            for cmd in (["build"], ["vet"]):
                err = _go(goroot, cmd, [pkg])
                if err is not None:
                    bad[pkg] = err
                    break
    return bad


def run_gate(work: Path, jobs: int = 2, extra: tuple[str, ...] = ("--verify",)) -> GateResult:
    res = GateResult()
    t = time.monotonic()
    orig_goroot = Path(go_env("GOROOT"))
    goroot = make_goroot_copy(work / "goroot")
    res.goroot = str(goroot)
    src = goroot / "src"
    before = snapshot(src)
    res.seconds["copy"] = time.monotonic() - t

    t = time.monotonic()
    proc = gofixleaks(["--fix", "--unsafe-fixes", f"-j{jobs}", "--format", "json", *extra, "."], src)
    res.seconds["fix"] = time.monotonic() - t
    if proc.returncode == 2:
        res.failures.append(f"gofixleaks --fix exited 2: {proc.stderr.decode()[-3000:]}")
        return res
    stderr = proc.stderr.decode()
    res.verify_summary = "\n".join(l.removeprefix("gofixleaks: ") for l in stderr.splitlines() if l.startswith("gofixleaks: verify:"))
    m = re.search(r"verify: (\d+) fix(?:es)? verified, \d+ reverted, \d+ unverified(?: \(verified/reverted/unverified: (.*)\))?", stderr)
    if m and m.group(2):
        for part in m.group(2).split(", "):
            code, counts = part.split(" ")
            res.verified[code] = int(counts.split("/")[0])
    for line in stderr.splitlines():
        m = re.search(r": (LK\d+) fix reverted by --verify", line)
        if m:
            res.reverted[m.group(1)] += 1
            res.reverted_lines.append(line)
    if res.reverted_lines:
        # --verify caught a rule writing a broken fix: the safety net held, but
        # the rule has a bug, and the gate says so
        res.failures.append("fixes reverted by --verify:\n" + "\n".join(res.reverted_lines))
    for f in json.loads(proc.stdout):
        res.findings[f["code"]] += 1
        if f["fix"] and f["fix"]["applied"]:
            res.applied[f["code"]] += 1
            res.files_by_rule[f["code"]].add(os.path.normpath(os.path.join(src, f["path"])))
    after = snapshot(src)
    res.changed_files = sorted(p for p in after if before.get(p) != after[p])

    t = time.monotonic()
    for p in res.changed_files:
        data = Path(p).read_bytes()
        if parsing.parse(data).root_node.has_error:
            res.failures.append(f"{p}: does not parse after the fix")
        if gofmt_clean(data) is not True:
            res.failures.append(f"{p}: not gofmt-clean after the fix")
    res.packages = sorted({import_path(src, os.path.dirname(p)) for p in res.changed_files})
    baseline = check_packages(orig_goroot, res.packages) if res.packages else {}
    res.baseline_failing = [f"{p}: {e}" for p, e in sorted(baseline.items())]
    now = check_packages(goroot, [p for p in res.packages if p not in baseline]) if res.packages else {}
    for pkg, err in sorted(now.items()):
        res.failures.append(f"{pkg} fails after the fix: {err}")
    res.seconds["check"] = time.monotonic() - t

    t = time.monotonic()
    proc2 = gofixleaks(["--fix", "--unsafe-fixes", f"-j{jobs}", "--format", "json", "."], src)
    again = snapshot(src)
    res.second_run_changed = sorted(p for p in again if after.get(p) != again[p])
    if proc2.returncode == 2:
        res.failures.append(f"second run exited 2: {proc2.stderr.decode()[-3000:]}")
    if res.second_run_changed:
        res.failures.append(f"second run changed {len(res.second_run_changed)} files: {res.second_run_changed[:10]}")
    res.seconds["second run"] = time.monotonic() - t
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary directory)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--no-verify", action="store_true", help="run the fix without --verify")
    args = ap.parse_args(argv)
    extra = () if args.no_verify else ("--verify",)
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=False)
        res = run_gate(work, args.jobs, extra)
    else:
        with tempfile.TemporaryDirectory(prefix="gofixleaks-stdgate-") as d:
            res = run_gate(Path(d), args.jobs, extra)
    print(res.table())
    print(f"\nchanged packages: {len(res.packages)}: {' '.join(res.packages)}")
    if res.baseline_failing:
        print(f"packages failing before any fix (not checked): {len(res.baseline_failing)}")
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in res.seconds.items()))
    for f in res.failures:
        print("FAIL:", f)
    return 1 if res.failures else 0


if __name__ == "__main__":
    sys.exit(main())
