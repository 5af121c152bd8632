"""``gofixleaks prove``: show a goroutine finding leaking in the package's own
tests, apply its fix on a copy of the module, and show the leak gone.

For each package with LK201/LK202 findings and tests:

1. run the tests once with the goroutineleak profile (:mod:`.gorun`), and
   count, per finding, the goroutines its go statements started during a
   test that are still there when the tests end (the runtime marks most of
   them leaked: blocked forever on a channel nothing else can reach);
2. copy the module to a temporary directory, apply gofixleaks' fixes there
   (the user's files are never written), and run the same tests again,
   counting the goroutines of the same go statements (lines mapped through
   the fix).

A leak seen only in a test that fails before any fix is reported, not counted.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass, field

from ..engine import RunResult, run
from ..model import Finding
from ..settings import Settings
from ..writer import write_package
from . import gorun
from .dump import UNNAMED_TEST, DumpError, Goroutine, parse
from .sites import GOROUTINE_RULES, GoSite, belongs, line_after, sites_for

STACK_LINES = 24


@dataclass
class Proof:
    """What prove learned about one finding."""

    finding: Finding
    evidence: dict | None = None
    note: str | None = None  # why there is no evidence, or what went wrong after the fix

    def to_json(self) -> dict:
        d = self.finding.to_json()
        d["evidence"] = self.evidence
        if self.note:
            d["evidence_note"] = self.note
        return d


@dataclass
class PackageRun:
    directory: str
    status: str
    message: str = ""
    seconds: float = 0.0
    mode: str = ""


@dataclass
class ProveReport:
    proofs: list[Proof] = field(default_factory=list)
    packages: list[PackageRun] = field(default_factory=list)
    problem: str | None = None  # the toolchain cannot prove anything
    go_version: str | None = None
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> list[dict]:
        return [p.to_json() for p in self.proofs]

    @property
    def proven(self) -> list[Proof]:
        return [p for p in self.proofs if p.evidence is not None]

    @property
    def remaining(self) -> list[Proof]:
        """Proven leaks still there after the fix (or whose fix broke a test)."""
        return [p for p in self.proven if p.evidence["leaked_after"] != 0]


def _stack_text(g: Goroutine) -> str:
    """The goroutine's own stack and creation site, without its ancestors."""
    lines = []
    for ln in g.text.splitlines():
        if ln.startswith("[originating from goroutine"):
            break
        lines.append(ln)
    if len(lines) > STACK_LINES:
        lines = lines[:STACK_LINES] + ["\t..."]
    return "\n".join(lines) + "\n"


def _count(goroutines: list[Goroutine], sites: list[GoSite], root: str | None, failed: set[str], names: dict[int, str]):
    """(counted by test, blocked-forever count, a sample, tests that failed) for the goroutines of ``sites``."""
    by_test: dict[str, int] = {}
    blocked = 0
    sample: dict[str, Goroutine] = {}
    in_failed: set[str] = set()
    for g in goroutines:
        if not any(belongs(g, s, root) for s in sites):
            continue
        test = g.test(names)
        if test is None:  # started by init or TestMain, not by a test
            continue
        if test in failed or (test == UNNAMED_TEST and failed):  # a test that failed (or may have)
            in_failed.add(test)
            continue
        by_test[test] = by_test.get(test, 0) + g.count
        blocked += g.count if g.leaked else 0
        if test not in sample or (g.leaked and not sample[test].leaked):
            sample[test] = g
    return by_test, blocked, sample, in_failed


def prove(
    paths: list[str],
    *,
    timeout: float = 300,
    unsafe_fixes: bool = False,
    env: dict[str, str] | None = None,
    log=None,
) -> ProveReport:
    """Prove the goroutine findings under ``paths`` with their packages' tests."""
    report = ProveReport()
    settings = Settings(select=GOROUTINE_RULES)
    result: RunResult = run(paths or ["."], settings)
    report.errors = [f"{e.path}: {e.reason.splitlines()[0]}" for e in result.errors]
    findings = result.findings
    report.proofs = [Proof(f) for f in findings]
    if not findings:
        return report
    try:
        report.go_version = gorun.check_toolchain(env)
    except gorun.ToolchainError as e:
        report.problem = str(e)
        for p in report.proofs:
            p.note = "not run: " + str(e)
        return report
    goenv = gorun.base_env(env)

    by_dir: dict[str, list[Proof]] = {}
    for p in report.proofs:
        by_dir.setdefault(os.path.dirname(os.path.abspath(p.finding.path)), []).append(p)

    sources: dict[str, bytes] = {}
    sites: dict[int, list[GoSite]] = {}
    for p in report.proofs:
        src = sources.get(p.finding.path)
        if src is None:
            with open(p.finding.path, "rb") as fh:
                src = sources[p.finding.path] = fh.read()
        sites[id(p)] = [GoSite(os.path.abspath(s.path), s.line, s.end_line, s.callee) for s in sites_for(p.finding, src)]

    # 1. before: the user's tree, read only (the hook comes through -overlay)
    infos: dict[str, gorun.PackageInfo] = {}
    for directory, proofs in sorted(by_dir.items()):
        if log:
            log(f"testing {os.path.relpath(directory)} ...")
        t0 = time.monotonic()
        try:
            info = gorun.package_info(directory, goenv)
        except RuntimeError as e:
            _note_all(proofs, f"not run: go list: {e}")
            report.packages.append(PackageRun(directory, "go list failed", str(e)))
            continue
        if not info.test_files:
            _note_all(proofs, "not proven: the package has no tests")
            report.packages.append(PackageRun(directory, "no tests"))
            continue
        infos[directory] = info
        tr, goroutines, why = _test_run(info, directory, goenv, timeout, report, t0)
        if goroutines is None:
            _note_all(proofs, f"not proven: {why}")
            continue
        for p in proofs:
            by_test, blocked, sample, in_failed = _count(goroutines, sites[id(p)], info.module_dir, tr.failed, tr.test_goroutines)
            if not by_test:
                if in_failed:
                    p.note = "not counted: goroutines leaked only in tests that fail before any fix: " + ", ".join(sorted(in_failed))
                elif not sites[id(p)]:
                    p.note = "not proven: no go statement found for this finding"
                else:
                    p.note = "not proven: no test of the package left this goroutine behind"
                continue
            top = max(sorted(by_test), key=lambda t: by_test[t])
            p.evidence = {
                "leaked_before": sum(by_test.values()),
                "leaked_after": None,
                "test": top,
                "stack": _stack_text(sample[top]),
                "blocked_forever": blocked,
                "tests": dict(sorted(by_test.items())),
            }
            if in_failed:
                p.note = "also leaked in tests that fail before any fix (not counted): " + ", ".join(sorted(in_failed))

    # 2. after: the fixes applied to a copy of each module, the same tests again
    proven_dirs = {d: ps for d, ps in by_dir.items() if any(p.evidence for p in ps) and d in infos}
    by_module: dict[str, list[str]] = {}
    for d in proven_dirs:
        root = infos[d].module_dir or d
        by_module.setdefault(root, []).append(d)
    for root, dirs in sorted(by_module.items()):
        _after(root, dirs, proven_dirs, infos, sites, sources, goenv, timeout, unsafe_fixes, report, log)
    return report


def _test_run(info, directory: str, goenv, timeout: float, report: ProveReport, t0: float, status_prefix: str = ""):
    """Run a package's tests once and record the run in ``report`` (its time
    counted from ``t0``): ``(result, goroutines, None)``, or ``(result, None,
    why)`` when there is no goroutine dump to read."""
    tr = gorun.run_tests(info, goenv, timeout)
    report.packages.append(PackageRun(directory, status_prefix + tr.status, tr.message, time.monotonic() - t0, tr.mode))
    if tr.dump is None:
        return tr, None, tr.status + (f" ({tr.message.splitlines()[0]})" if tr.message else "")
    try:
        return tr, parse(tr.dump), None
    except DumpError as e:
        return tr, None, f"unreadable dump: {e}"


def _note_all(proofs: list[Proof], note: str) -> None:
    for p in proofs:
        p.note = note


def _copy_module(root: str, dest: str) -> None:
    shutil.copytree(root, dest, symlinks=True, ignore=shutil.ignore_patterns(".git", ".hg", ".svn", "node_modules"))
    for d, _dirs, files in os.walk(dest):  # a module from the module cache is read-only
        os.chmod(d, os.stat(d).st_mode | stat.S_IWUSR | stat.S_IXUSR)
        for f in files:
            p = os.path.join(d, f)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)


def _after(root, dirs, proven_dirs, infos, sites, sources, goenv, timeout, unsafe_fixes, report, log) -> None:
    with tempfile.TemporaryDirectory(prefix="gofixleaks-prove-copy-") as tmp:
        copy = os.path.join(tmp, os.path.basename(root.rstrip(os.sep)) or "module")
        try:
            _copy_module(root, copy)
        except (OSError, shutil.Error) as e:
            for d in dirs:
                _note_after(proven_dirs[d], f"the module could not be copied: {e}")
            return

        def moved(path: str) -> str:
            return os.path.join(copy, os.path.relpath(os.path.abspath(path), root))

        files = [moved(os.path.join(d, n)) for d in dirs for n in sorted(os.listdir(d)) if n.endswith(".go")]
        settings = Settings(select=GOROUTINE_RULES, fix=True, unsafe_fixes=unsafe_fixes)
        fixed: RunResult = run(files, settings, jobs=1)
        applied = {(os.path.relpath(f.path, copy), f.line, f.code) for f in fixed.findings if f.applied}
        new_text: dict[str, bytes] = {}
        for pres in fixed.packages:
            _n, errors = write_package(pres.files)
            if errors:
                for d in dirs:
                    _note_after(proven_dirs[d], "the fixes could not be written to the copy: " + errors[0])
                return
            for fr in pres.files:
                if fr.fixed is not None:
                    new_text[fr.path] = fr.fixed
        for d in dirs:
            proofs = [p for p in proven_dirs[d] if p.evidence]
            for p in proofs:
                key = (os.path.relpath(os.path.abspath(p.finding.path), root), p.finding.line, p.finding.code)
                p.evidence["fix_applied"] = key in applied
            if log:
                log(f"testing {os.path.relpath(d)} with the fixes (in a copy) ...")
            info = infos[d]
            cinfo = info.moved(root, copy)
            tr, goroutines, why = _test_run(cinfo, d, goenv, timeout, report, time.monotonic(), "after the fixes: ")
            if goroutines is None:
                _note_after(proofs, f"after the fixes: {why}")
                continue
            for p in proofs:
                new_sites = []
                for s in sites[id(p)]:
                    cpath = moved(s.path)
                    old = sources.get(p.finding.path) if os.path.abspath(p.finding.path) == s.path else None
                    if old is None:
                        with open(s.path, "rb") as fh:
                            old = fh.read()
                    new = new_text.get(cpath)
                    line = s.line if new is None else line_after(old, new, s.line)
                    end = s.end_line if new is None else (line_after(old, new, s.end_line) or line)
                    if line is not None:
                        new_sites.append(GoSite(cpath, line, max(end, line), s.callee))
                by_test, _blocked, sample, in_failed = _count(goroutines, new_sites, copy, set(), tr.test_goroutines)
                p.evidence["leaked_after"] = sum(by_test.values())
                if by_test:
                    top = max(sorted(by_test), key=lambda t: by_test[t])
                    p.evidence["stack_after"] = _stack_text(sample[top])
                if p.evidence["leaked_after"] and p.evidence["fix_applied"]:
                    why = "the leak is still there after the fix"
                    if "context.TODO()" in p.finding.message:
                        why += " (the tests' call sites get context.TODO(), which is never cancelled)"
                    p.note = f"{p.note}; {why}" if p.note else why
                elif not p.evidence["fix_applied"]:
                    why = "no fix was applied to this finding (report only, unsafe without --unsafe-fixes, or refused)"
                    p.note = f"{p.note}; {why}" if p.note else why
                if tr.failed:
                    p.evidence["tests_failed_after"] = sorted(tr.failed)
                    extra = "after the fixes, tests fail: " + ", ".join(sorted(tr.failed))
                    p.note = f"{p.note}; {extra}" if p.note else extra


def _note_after(proofs: list[Proof], note: str) -> None:
    for p in proofs:
        if p.evidence is not None:
            p.note = note
