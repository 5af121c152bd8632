"""What git knows about the files the command line touches: uncommitted
changes (``--fix`` warns before mixing its fixes with them) and the lines
changed since a revision (``--new-from-rev``).

Only the ``git`` command is used; outside a work tree, or without git, there
is nothing to say (no dirty files) or a clear error (``--new-from-rev``).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess

from .discovery import UsageError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: str, timeout: int = 120) -> subprocess.CompletedProcess | None:
    if shutil.which("git") is None:
        return None
    try:
        return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd, capture_output=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None


@functools.lru_cache(maxsize=256)
def toplevel(directory: str) -> str | None:
    """The work tree holding ``directory``, or None."""
    proc = _git(["rev-parse", "--show-toplevel"], directory)
    if proc is None or proc.returncode != 0:
        return None
    return os.path.realpath(proc.stdout.decode().strip())


def dirty(paths: list[str]) -> list[str]:
    """Those of ``paths`` (files) with uncommitted changes, staged or not, or
    untracked, as given.  Files outside a work tree are never dirty."""
    by_top: dict[str, list[str]] = {}
    for p in paths:
        top = toplevel(os.path.dirname(os.path.abspath(p)) or ".")
        if top is not None:
            by_top.setdefault(top, []).append(p)
    out: list[str] = []
    for top, group in by_top.items():
        real = {os.path.realpath(p): p for p in group}
        proc = _git(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *real], top)
        if proc is None or proc.returncode != 0:
            continue
        entries = proc.stdout.split(b"\0")
        i = 0
        while i < len(entries):
            entry = entries[i].decode("utf-8", "surrogateescape")
            i += 1
            if len(entry) < 4:
                continue
            if entry[0] in "RC":
                i += 1  # the rename's source follows
            full = os.path.realpath(os.path.join(top, entry[3:]))
            if full in real:
                out.append(real[full])
    return sorted(set(out))


def changed_lines(rev: str, directory: str) -> dict[str, set[int] | None]:
    """{real path: lines added or changed since ``rev``} for the work tree
    holding ``directory`` (working tree against ``rev``); an untracked file maps
    to None (every line is new).  Raises UsageError for a bad revision."""
    top = toplevel(os.path.abspath(directory))
    if top is None:
        raise UsageError(f"--new-from-rev: {directory} is not in a git work tree")
    proc = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if proc is None or proc.returncode != 0:
        raise UsageError(f"--new-from-rev: unknown revision {rev!r}")
    diff = _git(["diff", "--no-ext-diff", "--no-color", "--no-renames", "-U0", rev, "--"], top, timeout=600)
    if diff is None or diff.returncode != 0:
        raise UsageError(f"--new-from-rev: git diff {rev} failed: {diff.stderr.decode().strip() if diff else 'git not found'}")
    out: dict[str, set[int] | None] = {}
    current: set[int] | None = None
    for line in diff.stdout.decode("utf-8", "surrogateescape").splitlines():
        if line.startswith("+++ "):
            name = line[4:].rstrip("\t")
            if name == "/dev/null":
                current = None
                continue
            name = name[2:] if name.startswith("b/") else name
            current = out.setdefault(os.path.realpath(os.path.join(top, name)), set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or 1)
                current.update(range(start, start + count))
    others = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    if others is not None and others.returncode == 0:
        for name in others.stdout.split(b"\0"):
            if name:
                out[os.path.realpath(os.path.join(top, name.decode("utf-8", "surrogateescape")))] = None
    return out


def is_new(changed: dict[str, set[int] | None], path: str, first: int, last: int) -> bool:
    """Does a finding at lines ``first``..``last`` of ``path`` touch a new line?"""
    real = os.path.realpath(path)
    if real not in changed:
        return False
    lines = changed[real]
    return lines is None or any(n in lines for n in range(first, last + 1))
