"""Module requirements that applied fixes need (``Fix.requires``), added once per go.mod.

After ``--fix`` writes files, :func:`ensure` runs ``go get MODULE@VERSION`` in
each module root whose go.mod does not require the module yet; without ``go``
on PATH it returns the exact command to run instead.  ``--diff`` only prints
the commands (:func:`commands`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Iterable

from .gomod import find_gomod
from .model import Finding


def needed(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """{module root (or "" when no go.mod): sorted ``module@version``} of applied fixes."""
    out: dict[str, set[str]] = {}
    for f in findings:
        if not f.applied or f.fix is None or not f.fix.requires:
            continue
        mod = find_gomod(os.path.dirname(os.path.abspath(f.path)))
        root = mod.root if mod else ""
        out.setdefault(root, set()).update(f.fix.requires)
    return {root: sorted(reqs) for root, reqs in sorted(out.items())}


def _semver(v: str) -> tuple[int, ...] | None:
    m = re.match(r"v(\d+)\.(\d+)\.(\d+)", v)
    return tuple(int(x) for x in m.groups()) if m else None


def already_required(root: str, requirement: str) -> bool:
    """Does ``root``/go.mod already require the module at this version or a later one?"""
    module, _, version = requirement.rpartition("@")
    try:
        with open(os.path.join(root, "go.mod"), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return False
    # `require m v` or a line `m v` inside a require block
    m = re.search(rf"^\s*(?:require\s+)?{re.escape(module)}\s+(v\S+)", text, re.M)
    if m is None:
        return False
    have, want = _semver(m.group(1)), _semver(version)
    return have is None or want is None or have >= want


def command(root: str, requirement: str) -> str:
    return f"cd {root} && go get {requirement}" if root else f"go get {requirement}"


def commands(findings: Iterable[Finding]) -> list[str]:
    """The ``go get`` commands the applied fixes need (for --diff: nothing is run)."""
    return [command(root, r) for root, reqs in needed(findings).items() for r in reqs if not (root and already_required(root, r))]


def ensure(findings: Iterable[Finding], timeout: int = 600) -> tuple[list[str], list[str]]:
    """Run ``go get`` for every missing requirement of the applied fixes.

    Returns (notes, errors) for stderr: a note when ``go`` is not installed or
    there is no go.mod (with the exact command to run), an error when ``go
    get`` failed.
    """
    notes: list[str] = []
    errors: list[str] = []
    go = shutil.which("go")
    for root, reqs in needed(findings).items():
        for req in reqs:
            if root and already_required(root, req):
                continue
            cmd = command(root, req)
            if not root:
                notes.append(f"note: the fixes need {req}, but no go.mod was found: add it to your module (`{cmd}`)")
                continue
            if go is None:
                notes.append(f"note: the fixes need {req} in {root}/go.mod and go is not installed: run `{cmd}`")
                continue
            env = dict(os.environ)
            env.setdefault("GOFLAGS", "-mod=mod")
            try:
                proc = subprocess.run([go, "get", req], cwd=root, capture_output=True, text=True, timeout=timeout, env=env)
            except (OSError, subprocess.SubprocessError) as e:
                errors.append(f"`{cmd}` could not run ({e}); run it yourself")
                continue
            if proc.returncode != 0:
                errors.append(f"`{cmd}` failed; run it yourself:\n{proc.stderr.strip()}")
                continue
            why = mark_direct(go, root, req.rpartition("@")[0], env, timeout)
            if why:
                errors.append(why)
            notes.append(f"added {req} to {root}/go.mod (go get)")
    return notes, errors


def mark_direct(go: str, root: str, module: str, env: dict, timeout: int = 600) -> str | None:
    """``go get`` records a new requirement as ``// indirect`` although the fixed
    files import it; ``go mod tidy`` would then change go.mod.  Rewrite the
    requirement as a direct one (``go mod edit``), where tidy would put it.
    Returns an error message, or None."""
    gomod = os.path.join(root, "go.mod")
    try:
        with open(gomod, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError as e:
        return f"{gomod}: cannot read it after go get: {e.strerror}"
    m = re.search(rf"^\s*(?:require\s+)?{re.escape(module)}\s+(v\S+)\s*//\s*indirect\s*$", text, re.M)
    if m is None:
        return None
    edit = [go, "mod", "edit", f"-droprequire={module}", f"-require={module}@{m.group(1)}"]
    try:
        proc = subprocess.run(edit, cwd=root, capture_output=True, text=True, timeout=timeout, env=env)
    except (OSError, subprocess.SubprocessError) as e:
        return f"`{' '.join(edit[1:])}` could not run ({e}); {module} stays marked // indirect in {gomod}"
    if proc.returncode != 0:
        return f"`go {' '.join(edit[1:])}` failed: {proc.stderr.strip()}"
    return None
