"""``--fix --verify``: prove with the Go toolchain that the fixes left every
touched package building and vetting, and take back the fixes that did not.

1. Baseline: before anything is written, ``go build`` and ``go vet`` each
   touched package from its module root, so that failures already there are
   told apart (such a package is written, its fixes counted *unverified*).
2. Write the fixes (each package all or none).
3. Check each touched package again: gofmt (files that were gofmt-clean stay
   so), ``go build``, ``go vet``.
4. A package that fails now where it passed: when it has a few fixes that can
   be replayed one by one (at most ``MAX_BISECT``), keep each fix that leaves
   the package passing and revert the others; otherwise revert the package's
   fixes.  Each reverted fix is reported with the compiler or vet message.

Only the touched packages are built: a fix that breaks an importer elsewhere
(an unsafe fix changing an exported API) is not caught here.
Without a Go toolchain the fixes are written, counted unverified, and this is
said once.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Callable

from .engine import apply_fixes, gofmt_clean
from .gomod import find_gomod
from .model import Finding, PackageResult
from .settings import Settings
from .writer import WriteError, write_atomic, write_package

MAX_BISECT = 8  # fixes in one failing package that are tried one by one
_MAX_MESSAGE_LINES = 12


@dataclass
class VerifyReport:
    verified: list[Finding] = field(default_factory=list)
    reverted: list[tuple[Finding, str]] = field(default_factory=list)
    unverified: list[tuple[Finding, str]] = field(default_factory=list)
    written: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        n = len(self.verified)
        text = f"verify: {n} fix{'es' if n != 1 else ''} verified, {len(self.reverted)} reverted, {len(self.unverified)} unverified"
        by_rule: dict[str, list[int]] = {}
        for i, group in enumerate((self.verified, [f for f, _ in self.reverted], [f for f, _ in self.unverified])):
            for f in group:
                by_rule.setdefault(f.code, [0, 0, 0])[i] += 1
        if by_rule:
            text += " (verified/reverted/unverified: " + ", ".join(
                f"{code} {v}/{r}/{u}" for code, (v, r, u) in sorted(by_rule.items())
            ) + ")"
        return text


@dataclass
class _Package:
    directory: str
    result: PackageResult
    module_root: str | None = None
    rel: str = "."
    env: dict | None = None

    @property
    def applied(self) -> list[Finding]:
        return [f for fr in self.result.files for f in fr.findings if f.applied]

    @property
    def changed(self):
        return [fr for fr in self.result.files if fr.fixed is not None]


def _go_env(root: str, module: str | None) -> dict:
    env = dict(os.environ)
    # the standard library's own modules build against the GOROOT they sit in
    if module == "std":
        env["GOROOT"] = os.path.dirname(root)
    elif module == "cmd":
        env["GOROOT"] = os.path.dirname(os.path.dirname(root))
    return env


def _trim(output: str) -> str:
    lines = [ln for ln in output.strip().splitlines() if ln.strip() and not ln.startswith("# ")]
    if len(lines) > _MAX_MESSAGE_LINES:
        lines = lines[:_MAX_MESSAGE_LINES] + [f"... ({len(lines) - _MAX_MESSAGE_LINES} more lines)"]
    return "\n".join(lines)


def _only_tests(output: str) -> bool:
    lines = [ln for ln in output.strip().splitlines() if ln.strip()]
    return bool(lines) and all("no non-test Go files" in ln for ln in lines)


class _Go:
    def __init__(self, exe: str):
        self.exe = exe

    def run(self, args: list[str], root: str, env: dict) -> str | None:
        """None on success, else the trimmed output."""
        try:
            # -o /dev/null: `go build` of one main package would write its
            # executable into the user's tree
            cmd = [self.exe, "build", "-o", os.devnull, *args[1:]] if args[0] == "build" else [self.exe, *args]
            proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=1800)
        except (OSError, subprocess.SubprocessError) as e:
            return f"go {' '.join(args)}: {e}"
        if proc.returncode == 0:
            return None
        if args[0] == "build" and _only_tests(proc.stdout + proc.stderr):
            return None  # a directory of _test.go files only: go vet compiles them
        return _trim(proc.stdout + proc.stderr) or f"go {' '.join(args)} exited {proc.returncode}"

    def check(self, pkgs: list[_Package]) -> dict[str, str]:
        """directory -> failure message, for the packages that fail build or vet.

        Batched per module (one ``go build`` and one ``go vet`` for all its
        touched packages); package by package only when the batch fails.
        """
        bad: dict[str, str] = {}
        by_module: dict[str, list[_Package]] = {}
        for p in pkgs:
            by_module.setdefault(p.module_root, []).append(p)
        for root, group in by_module.items():
            rels = [p.rel for p in group]
            env = group[0].env
            if self.run(["build", *rels], root, env) is None and self.run(["vet", *rels], root, env) is None:
                continue
            for p in group:
                for cmd in ("build", "vet"):
                    err = self.run([cmd, p.rel], root, env)
                    if err is not None:
                        bad[p.directory] = f"go {cmd}: {err}"
                        break
        return bad


def _gofmt_problem(pkg: _Package, contents: dict[str, bytes]) -> str | None:
    for fr in pkg.result.files:
        new = contents.get(fr.path, fr.original)
        if new != fr.original and gofmt_clean(fr.original) and gofmt_clean(new) is False:
            return f"gofmt: {fr.path} is no longer gofmt-clean"
    return None


def _problem(go: _Go, pkg: _Package, contents: dict[str, bytes]) -> str | None:
    return _gofmt_problem(pkg, contents) or go.check([pkg]).get(pkg.directory)


def _current(pkg: _Package) -> dict[str, bytes]:
    return {fr.path: fr.fixed if fr.fixed is not None else fr.original for fr in pkg.result.files}


def _write_contents(pkg: _Package, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    for fr in pkg.result.files:
        if old.get(fr.path) != new.get(fr.path):
            write_atomic(fr.path, new[fr.path], expected_old=old[fr.path])


def _replayable(pkg: _Package, settings: Settings) -> bool:
    """Do the applied fixes, replayed on the originals, give the written bytes?
    (Not when a fix was found on the output of another, in a later round.)"""
    applied = pkg.applied
    if not 1 < len(applied) <= MAX_BISECT:
        return False
    originals = {fr.path: fr.original for fr in pkg.result.files}
    try:
        new, done, refused = apply_fixes(originals, list(applied), settings)
    except Exception:
        return False
    if refused or len(done) != len(applied):
        return False
    return all(new.get(fr.path, fr.original) == (fr.fixed if fr.fixed is not None else fr.original) for fr in pkg.result.files)


def _subset_contents(pkg: _Package, fixes: list[Finding], settings: Settings) -> dict[str, bytes] | None:
    originals = {fr.path: fr.original for fr in pkg.result.files}
    if not fixes:
        return originals
    new, done, refused = apply_fixes(originals, list(fixes), settings)
    if refused:
        return None
    out = dict(originals)
    out.update(new)
    return out


def _remap_lines(f: Finding, old: bytes | None, new: bytes | None) -> None:
    """Move a reverted finding to its lines in the file as it ends (the fixes
    kept around it may have added lines above it)."""
    if old is None or new is None or old == new:
        return
    a, b = old.split(b"\n"), new.split(b"\n")
    mapping: dict[int, int] = {}
    for i, j, n in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(n):
            mapping[i + k + 1] = j + k + 1
    if f.line in mapping and f.end_line in mapping:
        f.line, f.end_line = mapping[f.line], mapping[f.end_line]


def _revert(f: Finding, why: str, report: VerifyReport) -> None:
    f.applied = False
    f.fix_note = f"reverted by --verify: {why.splitlines()[0] if why else ''}"
    report.reverted.append((f, why))


def _repair(go: _Go, pkg: _Package, why: str, settings: Settings, report: VerifyReport) -> None:
    """The package fails after its fixes: keep what passes, revert the rest."""
    on_disk = _current(pkg)
    originals = {fr.path: fr.original for fr in pkg.result.files}
    applied = pkg.applied
    if _replayable(pkg, settings):
        kept: list[Finding] = []
        bad: list[tuple[Finding, str]] = []
        try:
            for f in applied:
                trial = _subset_contents(pkg, kept + [f], settings)
                if trial is None:
                    bad.append((f, "cannot be replayed without the reverted fixes"))
                    continue
                _write_contents(pkg, on_disk, trial)
                on_disk = trial
                err = _problem(go, pkg, trial)
                if err is None:
                    kept.append(f)
                else:
                    bad.append((f, err))
        except BaseException:
            # interrupted while trying fixes one by one: leave the originals
            _write_contents(pkg, on_disk, originals)
            for fr in pkg.result.files:
                fr.fixed = None
            for f in applied:
                f.applied = False
            raise
        final = _subset_contents(pkg, kept, settings) or originals
        _write_contents(pkg, on_disk, final)
        for f, err in bad:
            _revert(f, err, report)
            _remap_lines(f, originals.get(f.path), final.get(f.path))
        for fr in pkg.result.files:
            fr.fixed = final[fr.path] if final[fr.path] != fr.original else None
        report.verified += kept
        return
    _write_contents(pkg, on_disk, originals)
    for fr in pkg.result.files:
        fr.fixed = None
    for f in applied:
        _revert(f, why, report)


def verify_and_write(
    results: list[PackageResult],
    settings: Settings,
    after_write: Callable[[list[Finding]], tuple[list[str], list[str]]] | None = None,
    verify_cmd: str | None = None,
) -> VerifyReport:
    """Write the fixes of ``results`` under the protocol above.

    ``after_write(applied findings) -> (notes, errors)`` runs once the fixes are
    written and before they are checked: the place to add the module
    requirements fixes need (``Fix.requires``, ``go get``), so that the check
    builds what the user will build.  Python files are verified by
    :mod:`gofixleaks.lang.pyverify` (``verify_cmd``: the project's tests).
    """
    report = VerifyReport()
    if any(fr.path.endswith(".py") for res in results for fr in res.files):  # one language per result
        from .lang import pyverify

        pyverify.verify_and_write([r for r in results if any(fr.path.endswith(".py") for fr in r.files)], report, verify_cmd)
        results = [r for r in results if not any(fr.path.endswith(".py") for fr in r.files)]
    exe = shutil.which("go")
    pkgs: list[_Package] = []
    for res in results:
        changed = [fr for fr in res.files if fr.fixed is not None]
        if changed:
            pkgs.append(_Package(os.path.dirname(os.path.abspath(changed[0].path)), res))

    if exe is None:
        report.notes.append("--verify: no Go toolchain ('go' is not on PATH): fixes written unverified")
        for p in pkgs:
            _write(p, report)
            report.unverified += [(f, "no Go toolchain") for f in p.applied]
        if after_write is not None:
            notes, errors = after_write([f for p in pkgs for f in p.applied])
            report.notes.extend(notes)
            report.errors.extend(errors)
        return report
    go = _Go(exe)

    # 1. baseline, on the files as they are on disk
    checkable: list[_Package] = []
    for p in pkgs:
        mod = find_gomod(p.directory)
        if mod is None:
            report.unverified += [(f, "not in a Go module (no go.mod)") for f in p.applied]
            continue
        p.module_root = mod.root
        rel = os.path.relpath(p.directory, mod.root)
        p.rel = "." if rel == "." else "./" + rel.replace(os.sep, "/")
        p.env = _go_env(mod.root, mod.module)
        checkable.append(p)
    baseline = go.check(checkable)
    for p in checkable:
        if p.directory in baseline:
            first = baseline[p.directory].splitlines()[0]
            report.unverified += [(f, f"the package failed before the fix: {first}") for f in p.applied]

    # 2. write every package (and what the fixes need in go.mod)
    for p in pkgs:
        _write(p, report)
    if after_write is not None:
        notes, errors = after_write([f for p in pkgs for f in p.applied])
        report.notes.extend(notes)
        report.errors.extend(errors)
    to_check = [p for p in checkable if p.directory not in baseline and p.changed and p.applied]

    # 3. check again; 4. repair what now fails
    after = go.check(to_check)
    for p in to_check:
        why = _gofmt_problem(p, _current(p)) or after.get(p.directory)
        if why is None:
            report.verified += p.applied
            continue
        try:
            _repair(go, p, why, settings, report)
        except WriteError as e:
            report.errors.append(f"--verify could not revert {p.directory}: {e}")
    return report


def _write(p: _Package, report: VerifyReport) -> None:
    count, errors = write_package(p.result.files)
    report.written += count
    report.errors.extend(errors)
    if errors:
        for fr in p.result.files:
            fr.fixed = None


def print_report(report: VerifyReport, out=None) -> None:
    out = out or sys.stderr
    for note in report.notes:
        out.write(f"gofixleaks: {note}\n")
    for f, why in report.reverted:
        title = f.fix.title if f.fix else ""
        out.write(f"{f.path}:{f.line}:{f.column}: {f.code} fix reverted by --verify ({title}):\n")
        for line in why.splitlines():
            out.write(f"    {line}\n")
    out.write(f"gofixleaks: {report.summary()}\n")
