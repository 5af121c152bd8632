#!/usr/bin/env python3
"""Precision on real third-party Go code: fetch modules, fix them, check the result.

    python benchmarks/realworld.py [--work DIR] [--jobs N] [--check-only] [MODULE@VERSION ...]
    python benchmarks/realworld.py --precision      # only the table from the reviewed data

For each module (default: ``MODULES`` below), the script

1. fetches it from the Go module proxy into a scratch module cache
   (``DIR/modcache``; the repository is never touched),
2. copies its source to ``DIR/src/<name>`` (writable) and takes the
   baseline: ``go build ./...`` must pass there, or the module is skipped;
   ``go vet ./...``'s complaints already there are remembered,
3. runs ``python -m gofixleaks --fix --unsafe-fixes --verify`` in the copy,
4. checks the result itself: ``gofmt -l`` on the changed files and
   ``go build ./...`` and ``go vet ./...`` again (a vet complaint that was
   not there before counts as a failure),

and prints a per-rule table: findings, fixes applied (kept), fixes that
``--verify`` reverted (each one a rule writing a broken fix), and the
build/vet/gofmt failures left after the run.  The copies stay in DIR with a
git commit of the original, so ``git -C DIR/src/<name> diff`` shows every
applied fix for review.

Precision is data: ``benchmarks/reviewed/*.toml`` holds one entry per
finding read by hand (``module``, ``file``, ``line``, ``rule``, ``verdict``
= "true" / "false" / "debatable", ``reason``).  The script matches the
findings of this run against it (same module, file and rule, line within a
few lines: fixes in the same file move lines) and prints, per rule, the
findings, how many were reviewed and the precision: true / reviewed
(a debatable finding counts as not true).  ``--precision`` prints the table
from the reviewed data alone, without running anything.  ``--check-only``
runs gofixleaks without ``--fix`` and without the builds (a quick way to get
the findings to review).

The downloads and copies live in ``--work`` (default
``~/.cache/gofixleaks/realworld``, outside the repository), so a rerun
downloads nothing.

It is a script, not a test: it needs the network (the module proxy) and
minutes of build time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEWED = Path(__file__).resolve().parent / "reviewed"
VERDICTS = ("true", "false", "debatable")

MODULES = [
    "github.com/prometheus/client_golang@v1.23.2",
    "github.com/redis/go-redis/v9@v9.17.3",
    "google.golang.org/grpc@v1.81.1",
    "github.com/nats-io/nats.go@v1.49.0",
    "github.com/hashicorp/go-retryablehttp@v0.7.8",
    "github.com/gorilla/websocket@v1.5.3",
    "github.com/spf13/cobra@v1.10.2",
    "go.etcd.io/bbolt@v1.4.3",
    "github.com/jackc/pgx/v5@v5.7.6",
    "github.com/gin-gonic/gin@v1.10.1",
    "github.com/hashicorp/consul/api@v1.33.0",
    "github.com/segmentio/kafka-go@v0.4.49",
    "github.com/lib/pq@v1.10.9",
    "github.com/go-sql-driver/mysql@v1.9.3",
    "github.com/hashicorp/raft@v1.7.3",
    "github.com/hashicorp/memberlist@v0.5.4",
    "github.com/IBM/sarama@v1.50.3",
    "github.com/labstack/echo/v4@v4.13.4",
    "github.com/valyala/fasthttp@v1.69.0",
    "github.com/go-chi/chi/v5@v5.2.3",
    "github.com/minio/minio-go/v7@v7.0.99",
    # services nobody tuned the rules on (added for issue 10's precision review)
    "github.com/caddyserver/caddy/v2@v2.11.9",
    "github.com/syncthing/syncthing@v1.30.0",
    "github.com/coredns/coredns@v1.15.0",
    "go.etcd.io/etcd/server/v3@v3.7.4",
]

# commands a module needs before it builds from its module zip (run in the
# copy before the baseline; what they generate is part of the original)
PREPARE = {
    "github.com/syncthing/syncthing": [["go", "run", "build.go", "assets"]],  # lib/api/auto's gui.files.go
    # the monorepo's replace directives point at sibling directories the
    # module zip does not hold: use the released modules of the same version
    "go.etcd.io/etcd/server/v3": [[
        "go", "mod", "edit",
        "-dropreplace=go.etcd.io/etcd/api/v3", "-dropreplace=go.etcd.io/etcd/client/pkg/v3",
        "-dropreplace=go.etcd.io/etcd/client/v3", "-dropreplace=go.etcd.io/etcd/pkg/v3",
    ]],
}

_LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>LK\d{3}) (?P<rest>.*)$")
_REVERTED = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>LK\d{3}) fix reverted by --verify")


def _run(cmd, cwd, env, timeout=1800):
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout + p.stderr


def _build(cwd, env) -> str | None:
    rc, out = _run(["go", "build", "./..."], cwd, env)
    return None if rc == 0 else "go build ./...:\n" + out.strip()


_POS = re.compile(r":\d+(:\d+)?")


def _vet(cwd, env) -> set[str]:
    """go vet's complaints, positions stripped (fixes move lines)."""
    rc, out = _run(["go", "vet", "./..."], cwd, env)
    if rc == 0:
        return set()
    return {_POS.sub("", line) for line in out.splitlines() if line.strip()}


def _gofmt_clean_before(dest: Path, name: str, env) -> bool:
    original = subprocess.run(["git", "show", f"HEAD:{name}"], cwd=dest, capture_output=True).stdout
    p = subprocess.run(["gofmt", "-l"], input=original, capture_output=True, env=env)
    return p.returncode == 0 and not p.stdout.strip()


def load_reviewed(directory: Path = REVIEWED) -> list[dict]:
    """Every reviewed finding of ``benchmarks/reviewed/*.toml`` (``[[finding]]`` tables),
    except ``python-*.toml`` (another format, for ``benchmarks/realworld_python.py``)."""
    out = []
    for f in sorted(directory.glob("*.toml")):
        if f.name.startswith("python-"):
            continue  # the Python rules' reviews, read by benchmarks/realworld_python.py
        for entry in tomllib.loads(f.read_text()).get("finding", []):
            missing = {"module", "file", "line", "rule", "verdict", "reason"} - set(entry)
            if missing or entry["verdict"] not in VERDICTS:
                raise SystemExit(f"{f}: bad entry {entry} (missing {sorted(missing)} or verdict not in {VERDICTS})")
            out.append(dict(entry, source=f.name))
    return out


def _match(found: dict, reviewed: list[dict]) -> dict | None:
    """The reviewed entry for a finding of this run: same module, file, rule, nearest line (within 6)."""
    best = None
    for r in reviewed:
        if r["module"] == found["module"] and r["file"] == found["file"] and r["rule"] == found["rule"]:
            d = abs(r["line"] - found["line"])
            if d <= 6 and (best is None or d < abs(best["line"] - found["line"])):
                best = r
    return best


def precision_table(found: list[dict] | None, reviewed: list[dict]) -> str:
    """Per rule: findings (of this run; None: from the reviewed data only),
    reviewed, true / false / debatable, precision = true / reviewed."""
    per: dict[str, Counter] = {}
    if found is None:
        for r in reviewed:
            per.setdefault(r["rule"], Counter())[r["verdict"]] += 1
            per[r["rule"]]["reviewed"] += 1
    else:
        for f in found:
            c = per.setdefault(f["rule"], Counter())
            c["findings"] += 1
            r = _match(f, reviewed)
            if r is not None:
                c["reviewed"] += 1
                c[r["verdict"]] += 1
    lines = [f"{'rule':<6} {'findings':>8} {'reviewed':>8} {'true':>5} {'false':>5} {'debatable':>9} {'precision':>9}"]
    for code in sorted(per):
        c = per[code]
        prec = f"{100 * c['true'] / c['reviewed']:.0f}%" if c["reviewed"] else "-"
        n = "-" if found is None else str(c["findings"])
        lines.append(f"{code:<6} {n:>8} {c['reviewed']:>8} {c['true']:>5} {c['false']:>5} {c['debatable']:>9} {prec:>9}")
    return "\n".join(lines)


def _findings_of(out: str, spec: str, dest: Path) -> list[dict]:
    found = []
    for line in out.splitlines():
        m = _LINE.match(line)
        if m and not _REVERTED.match(line):
            path = os.path.relpath(os.path.join(dest, m["path"]), dest)
            found.append({"module": spec, "file": path, "line": int(m["line"]), "rule": m["code"], "message": m["rest"]})
    return found


def fetch(spec: str, work: Path, env: dict) -> tuple[Path | None, str | None]:
    """Download ``spec`` and copy it (writable) to ``work/src``; (dir, None) or (None, why)."""
    rc, out = _run(["go", "mod", "download", "-json", spec], work, env)
    if rc != 0:
        return None, f"download failed: {out.strip()[:300]}"
    info = json.loads(out)
    name = info["Path"].replace("/", "_") + "@" + info["Version"]
    dest = work / "src" / name
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(info["Dir"], dest)
    for d, _, files in os.walk(dest):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)
    return dest, None


def check_only(spec: str, work: Path, jobs: int, env: dict) -> dict:
    dest, why = fetch(spec, work, env)
    if dest is None:
        return {"module": spec, "skipped": why}
    genv = dict(env, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "gofixleaks", "--no-progress", f"-j{jobs}", "."]
    _, out = _run(cmd, dest, genv)
    (work / f"{dest.name}.check.log").write_text(out)
    found = _findings_of(out, spec, dest)
    return {"module": spec, "dir": str(dest), "found": found, "findings": dict(Counter(f["rule"] for f in found))}


def scan(spec: str, work: Path, jobs: int, env: dict) -> dict:
    start = time.monotonic()
    dest, why = fetch(spec, work, env)
    if dest is None:
        return {"module": spec, "skipped": why}
    name = dest.name
    for cmd in PREPARE.get(spec.split("@")[0], []):
        rc, out = _run(cmd, dest, env)
        if rc != 0:
            return {"module": spec, "skipped": f"{' '.join(cmd)} failed: {out.strip()[-500:]}"}
    base = _build(dest, env)
    if base is not None:
        return {"module": spec, "skipped": "baseline fails: " + base[-1500:]}
    base_vet = _vet(dest, env)
    git = ["git", "-c", "user.name=rw", "-c", "user.email=rw@localhost"]
    _run(git + ["init", "-q"], dest, env)
    _run(git + ["add", "-A"], dest, env)
    _run(git + ["commit", "-qm", "original"], dest, env)
    genv = dict(env, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "gofixleaks", "--fix", "--unsafe-fixes", "--verify", "--no-progress", f"-j{jobs}", "."]
    rc, out = _run(cmd, dest, genv)
    (work / f"{name}.log").write_text(out)
    found = _findings_of(out, spec, dest)
    findings, fixed, reverted = Counter(), Counter(), Counter()
    for line in out.splitlines():
        m = _REVERTED.match(line)
        if m:
            reverted[m["code"]] += 1
            continue
        m = _LINE.match(line)
        if m:
            findings[m["code"]] += 1
            if m["rest"].endswith("(fixed)"):
                fixed[m["code"]] += 1
    _, changed = _run(["git", "diff", "--name-only"], dest, env)
    changed = [c for c in changed.split() if c.endswith(".go")]
    problems = []
    if changed:
        _, unformatted = _run(["gofmt", "-l", *changed], dest, env)
        # a file that was not gofmt-clean before the fix does not count
        regressed = [f for f in unformatted.split() if _gofmt_clean_before(dest, f, env)]
        if regressed:
            problems.append("gofmt -l: " + " ".join(regressed))
    after = _build(dest, env)
    if after is not None:
        problems.append(after[:2000])
    new_vet = sorted(_vet(dest, env) - base_vet)
    if new_vet:
        problems.append("go vet ./... (new):\n" + "\n".join(new_vet[:40]))
    return {
        "module": spec,
        "dir": str(dest),
        "seconds": round(time.monotonic() - start, 1),
        "found": found,
        "build_before": "ok",
        "vet_before": "ok" if not base_vet else f"{len(base_vet)} complaints",
        "build_after": "ok" if after is None else "FAILS",
        "vet_after_new": len(new_vet),
        "exit": rc,
        "findings": dict(findings),
        "fixed": dict(fixed),
        "reverted": dict(reverted),
        "changed_files": changed,
        "baseline_vet_failing": bool(base_vet),
        "problems": problems,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("modules", nargs="*")
    ap.add_argument("--work", default=os.path.expanduser("~/.cache/gofixleaks/realworld"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--check-only", action="store_true", help="findings only: no --fix, no builds")
    ap.add_argument("--precision", action="store_true", help="print the precision table from benchmarks/reviewed/ and exit")
    args = ap.parse_args()
    reviewed = load_reviewed()
    if args.precision:
        print(f"reviewed findings: {len(reviewed)} ({', '.join(sorted({r['source'] for r in reviewed}))})")
        print(precision_table(None, reviewed))
        return 0
    work = Path(args.work).resolve()
    (work / "src").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, GOMODCACHE=str(work / "modcache"), GOFLAGS="-mod=mod", GOWORK="off")
    if not (work / "go.mod").exists():
        (work / "go.mod").write_text("module scratch\n\ngo 1.22\n")
    started = time.monotonic()
    results = []
    for spec in args.modules or MODULES:
        r = (check_only if args.check_only else scan)(spec, work, args.jobs, env)
        results.append(r)
        if args.json:  # after every module: a long run stopped early keeps what it did
            Path(args.json).write_text(json.dumps(results, indent=2))
        if "skipped" in r:
            print(f"{spec}: skipped ({r['skipped'].splitlines()[0]})", flush=True)
        elif args.check_only:
            print(f"{spec}: {sum(r['findings'].values())} findings", flush=True)
            for f in r["found"]:
                print(f"  {f['file']}:{f['line']}: {f['rule']} {f['message']}", flush=True)
        else:
            status = "ok" if not r["problems"] else "PROBLEMS: " + "; ".join(p.splitlines()[0] for p in r["problems"])
            print(
                f"{spec}: {sum(r['findings'].values())} findings, {sum(r['fixed'].values())} fixed, "
                f"{sum(r['reverted'].values())} reverted, {len(r['changed_files'])} files changed; "
                f"build/vet before: {r['build_before']}/{r['vet_before']}, after: {r['build_after']}/"
                f"{r['vet_after_new']} new vet complaints; {r['seconds']}s; {status}",
                flush=True,
            )
    found = [f for r in results for f in r.get("found", [])]
    print()
    if not args.check_only:
        total = {k: Counter() for k in ("findings", "fixed", "reverted")}
        broken = Counter()
        for r in results:
            for k in total:
                total[k].update(r.get(k, {}))
            if r.get("problems"):
                for code in r.get("fixed", {}):
                    broken[code] += 1
        codes = sorted(set().union(*total.values()))
        print(f"{'rule':<6} {'findings':>8} {'fixed':>6} {'reverted':>8} {'modules broken after':>21}")
        for code in codes:
            print(f"{code:<6} {total['findings'][code]:>8} {total['fixed'][code]:>6} {total['reverted'][code]:>8} {broken[code]:>21}")
        print()
    print("precision (from benchmarks/reviewed/):")
    print(precision_table(found, reviewed))
    ok = [r for r in results if "skipped" not in r]
    print(f"\n{len(ok)} modules checked, {len(results) - len(ok)} skipped, in {time.monotonic() - started:.0f}s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
