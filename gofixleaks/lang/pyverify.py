"""``--fix --verify`` for Python files.

1. Baseline, before anything is written: the project's tests when
   ``--verify-cmd`` names them (run by the shell in the current directory).
2. Write the fixes (atomically, per directory all or none).
3. ``python -m compileall`` on every touched file (bytecode goes to a
   temporary ``PYTHONPYCACHEPREFIX``, never into the user's tree): a file
   that does not compile gets its original back.  Then ``--verify-cmd`` again:
   if it passed before and fails now, every Python fix of the run is
   reverted (the command cannot tell which one broke it), with its output.

Without ``--verify-cmd`` the fixes are verified by compilation only (the
engine already refused any fix whose file does not ``compile()``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from ..model import PackageResult
from ..writer import WriteError, write_atomic, write_package

_MAX_LINES = 12


def _trim(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if len(lines) > _MAX_LINES:
        lines = lines[-_MAX_LINES:]
    return "\n".join(lines)


def _run_cmd(cmd: str) -> tuple[bool, str]:
    try:
        proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as e:
        return False, str(e)
    return proc.returncode == 0, _trim(proc.stdout + proc.stderr) or f"exit status {proc.returncode}"


def _compileall(paths: list[str]) -> dict[str, str]:
    """path -> error, for the files that do not compile."""
    bad: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="gofixleaks-pyc-") as prefix:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=prefix)
        for p in paths:
            proc = subprocess.run([sys.executable, "-m", "compileall", "-q", p], capture_output=True, text=True, env=env, timeout=600)
            if proc.returncode != 0:
                bad[p] = _trim(proc.stdout + proc.stderr) or "does not compile"
    return bad


def verify_and_write(results: list[PackageResult], report, cmd: str | None = None) -> None:
    """Write and verify the Python results; fills ``report`` (a verify.VerifyReport)."""
    from ..verify import _revert  # one wording for every language

    results = [r for r in results if any(fr.fixed is not None for fr in r.files)]
    if not results:
        return
    baseline_ok, baseline_out = _run_cmd(cmd) if cmd else (True, "")
    for res in results:
        count, errors = write_package(res.files)
        report.written += count
        report.errors.extend(errors)
        if errors:
            for fr in res.files:
                fr.fixed = None
    changed = [fr for r in results for fr in r.files if fr.fixed is not None]
    applied = {fr.path: [f for f in fr.findings if f.applied] for fr in changed}

    def restore(fr, why: str) -> None:
        try:
            write_atomic(fr.path, fr.original, expected_old=fr.fixed)
        except WriteError as e:
            report.errors.append(f"--verify could not revert {fr.path}: {e}")
            return
        fr.fixed = None
        for f in applied[fr.path]:
            _revert(f, why, report)

    broken = _compileall([fr.path for fr in changed])
    for fr in changed:
        if fr.path in broken:
            restore(fr, f"python -m compileall: {broken[fr.path]}")
    changed = [fr for fr in changed if fr.fixed is not None]
    if not cmd:
        for fr in changed:
            report.verified += applied[fr.path]
        return
    if not baseline_ok:
        first = baseline_out.splitlines()[0] if baseline_out else ""
        for fr in changed:
            report.unverified += [(f, f"--verify-cmd failed before the fixes: {first}") for f in applied[fr.path]]
        return
    ok, out = _run_cmd(cmd)
    if ok:
        for fr in changed:
            report.verified += applied[fr.path]
        return
    for fr in changed:
        restore(fr, f"--verify-cmd `{cmd}` failed after the fixes:\n{out}")
