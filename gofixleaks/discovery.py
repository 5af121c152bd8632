"""Turn command-line paths into the Go files to check, grouped by directory.

Rules (those of the go command, plus git's):
- arguments are files, directories or ``dir/...`` patterns; a directory is
  walked recursively (like gofmt), ``dir/...`` means the same;
- directories named ``vendor`` or ``testdata``, or starting with ``.`` or
  ``_`` are skipped, unless the argument itself names them;
- inside a git work tree, files ignored by ``.gitignore`` are skipped;
- exclude globs from the configuration are applied to the relative paths.

Python files (``.py``) are collected too when a Python rule is enabled, with
ruff's skips instead (``.venv``, ``venv``, ``__pycache__``, ``build``,
``dist``, ``site-packages``, ``.git``, ...: :mod:`gofixleaks.lang.python`);
each directory is walked for the languages that do not skip it.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import shutil
import subprocess
from dataclasses import dataclass, field

from .lang import LANGUAGES
from .model import Skipped


class UsageError(Exception):
    """A problem with the command line: exit code 2."""


@dataclass
class Discovered:
    # directory -> sorted list of selected files in it
    packages: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def add(self, path: str) -> None:
        d = os.path.dirname(path) or "."
        lst = self.packages.setdefault(d, [])
        if path not in lst:
            lst.append(path)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.packages.values())


def _broken_link_reason(path: str) -> str:
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symlink loop"
    return "dangling symlink"


def _skip_dir_name(name: str) -> bool:
    return name in ("vendor", "testdata") or name.startswith((".", "_"))


def _git_ignored(root: str, candidates: list[str]) -> set[str]:
    """Which of ``candidates`` (paths) git ignores, if ``root`` is in a work tree."""
    if not candidates or shutil.which("git") is None:
        return set()
    try:
        top = subprocess.run(
            ["git", "-C", root, "rev-parse", "--show-toplevel"],
            capture_output=True,
            timeout=30,
        )
        if top.returncode != 0:
            return set()
        proc = subprocess.run(
            ["git", "-C", root, "check-ignore", "--stdin", "-z"],
            input=b"\0".join(os.path.abspath(c).encode() for c in candidates) + b"\0",
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode not in (0, 1):
        return set()
    ignored = {p.decode() for p in proc.stdout.split(b"\0") if p}
    return {c for c in candidates if os.path.abspath(c) in ignored}


def _walk(root: str, out: Discovered, excluded, languages: frozenset[str] = frozenset({"go"})) -> None:
    """Recursive walk of ``root`` collecting the files of ``languages``
    (top-down, sorted, like ``os.walk``; one ``scandir`` per directory,
    symlinks told by the entry's type without a further system call).  Each
    directory is walked for the languages that do not skip it."""
    found: list[str] = []
    go_only = languages == {"go"}
    top = tuple(lang for lang in LANGUAGES if lang.name in languages)

    def visit(dirpath: str, here: tuple) -> None:
        try:
            with os.scandir(dirpath) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            out.skipped.append(Skipped(err.filename or root, f"unreadable: {err.strerror}"))
            return
        suffixes = (".go",) if go_only else tuple(s for lang in here for s in lang.suffixes)
        subdirs = []
        for e in entries:
            try:
                is_dir = e.is_dir()  # follows a symlink, like os.walk's listing
            except OSError:
                is_dir = False
            if is_dir:
                full = os.path.join(dirpath, e.name)
                if go_only:
                    if _skip_dir_name(e.name):
                        continue
                    langs = here
                else:
                    langs = tuple(lang for lang in here if not lang.skip_dir(e.name))
                    if not langs:
                        continue
                if excluded(full):
                    continue
                if e.is_symlink():
                    continue  # never follow directory symlinks (loops)
                subdirs.append((full, langs))
                continue
            if not e.name.endswith(suffixes):
                continue
            full = os.path.normpath(os.path.join(dirpath, e.name))
            if excluded(full):
                continue
            if e.is_symlink() and not os.path.exists(full):
                out.skipped.append(Skipped(full, _broken_link_reason(full)))
                continue
            found.append(full)
        for d, langs in subdirs:
            visit(d, langs)

    visit(root, top)
    ignored = _git_ignored(root, found)
    for f in found:
        if f not in ignored:
            out.add(f)


def discover(
    args: list[str], exclude: tuple[str, ...] = (), force_exclude: bool = False, languages: frozenset[str] = frozenset({"go"})
) -> Discovered:
    out = Discovered()
    suffixes = tuple(s for lang in LANGUAGES if lang.name in languages for s in lang.suffixes)

    def excluded(path: str) -> bool:
        if not exclude:
            return False
        rel = os.path.relpath(path)
        parts = rel.split(os.sep)
        absolute = os.path.abspath(path)
        for pat in exclude:
            if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(absolute, pat) or any(fnmatch.fnmatch(p, pat) for p in parts):
                return True
        return False

    for arg in args or ["."]:
        path = arg
        if path == "..." or path.endswith("/..."):
            path = path[:-3].rstrip("/") or "."
        if os.path.islink(path) and not os.path.exists(path):
            raise UsageError(f"{arg}: {_broken_link_reason(path)}")
        if not os.path.exists(path):
            raise UsageError(f"{arg}: no such file or directory")
        if os.path.isdir(path):
            if not os.access(path, os.R_OK | os.X_OK):
                out.skipped.append(Skipped(path, "unreadable directory"))
                continue
            _walk(os.path.normpath(path), out, excluded, languages)
        else:
            if not path.endswith(suffixes):
                out.skipped.append(Skipped(path, f"not a {' or '.join(suffixes) or '.go'} file"))
                continue
            if force_exclude and excluded(path):
                continue  # named (by pre-commit, say) but excluded by the configuration
            out.add(os.path.normpath(path))
    return out
