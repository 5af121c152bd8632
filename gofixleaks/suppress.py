"""Suppression comments, on the finding's line or on the line above it:

- ``//nolint``, ``//nolint:gofixleaks``, ``//nolint:all``, ``//nolint:LK101,errcheck``
  (rule codes, prefixes or names), spelled as golangci-lint reads them: no
  space after ``//`` (``// nolint`` is an ordinary comment there, so here too)
  and no spaces inside the list (``//nolint:LK101 // why`` may explain);
- ``//gofixleaks:ignore`` and ``//gofixleaks:ignore LK101,LK102``.

:func:`audit_paths` (``--check-suppressions``) reports the comments that
suppress nothing (like ruff's RUF100 and golangci-lint's nolintlint) and those
misspelled so that they are not directives.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, replace
from typing import Iterator

# a directive starts where a comment starts: "//" then the name, no space
_NOLINT = re.compile(rb"//nolint(?![\w-])(:[\w-]+(?:,[\w-]+)*)?(?=$|[\s])|//nolint:")
_NOLINT_SPACED = re.compile(rb"//[ \t]+nolint(?![\w-])")
_IGNORE = re.compile(rb"//[ \t]*gofixleaks:ignore(?![\w-])(?:[ \t]+([\w-]+(?:[ \t]*,[ \t]*[\w-]+)*))?")
_CODE_LIKE = re.compile(r"^LK\d*$", re.I)

_disabled = False  # audit: the engine's raw findings, nothing suppressed


@dataclass(frozen=True)
class Directive:
    line: int  # 1-based
    column: int  # 1-based byte column of "//"
    text: str
    codes: tuple[str, ...] | None  # None: every rule (and, for nolint, every linter)
    ours: bool  # names gofixleaks or its rules explicitly (or is gofixleaks:ignore)

    def covers(self, code: str) -> bool:
        return self.codes is None or any(c in ("ALL", "GOFIXLEAKS") or code.startswith(c) for c in self.codes)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    kind: str  # "unused-suppression" or "invalid-suppression"
    message: str


def _names() -> dict[str, str]:
    from .registry import RULES

    return {r.name.upper(): r.code for r in RULES}


def _codes(items: list[str]) -> tuple[str, ...]:
    names = _names()
    return tuple(names.get(c.upper(), c.upper()) for c in items)


def _line(source: bytes, line: int) -> bytes:
    if line < 1:
        return b""
    start = 0
    for _ in range(line - 1):
        start = source.find(b"\n", start)
        if start < 0:
            return b""
        start += 1
    end = source.find(b"\n", start)
    return source[start : end if end >= 0 else len(source)].rstrip(b"\r")


def parse_line(text: bytes, line: int) -> tuple[list[Directive], list[tuple[int, str]]]:
    """The directives on one line, and (column, why) for misspelled ones."""
    found: list[Directive] = []
    bad: list[tuple[int, str]] = []
    if b"//" not in text:
        return found, bad
    for m in _NOLINT.finditer(text):
        raw = m.group(0).decode("utf-8", "replace")
        if m.group(0) == b"//nolint:" and m.group(1) is None:
            bad.append((m.start() + 1, f"'{_rest(text, m.start())}' is not a directive: write the list without spaces, like //nolint:LK101,errcheck"))
            continue
        items = [c for c in (m.group(1) or b"").decode()[1:].split(",") if c]
        codes = _codes(items) if items else None
        ours = codes is not None and any(c == "GOFIXLEAKS" or _CODE_LIKE.match(c) for c in codes)
        found.append(Directive(line, m.start() + 1, raw, codes, ours))
    for m in _NOLINT_SPACED.finditer(text):
        bad.append((m.start() + 1, f"'{_rest(text, m.start())}' is not a directive (golangci-lint reads only //nolint, with no space); it suppresses nothing"))
    for m in _IGNORE.finditer(text):
        items = [c.strip() for c in (m.group(1) or b"").decode().split(",") if c.strip()]
        found.append(Directive(line, m.start() + 1, m.group(0).decode("utf-8", "replace"), _codes(items) if items else None, True))
    return found, bad


def _rest(text: bytes, start: int) -> str:
    return text[start:].decode("utf-8", "replace").strip()[:60]


def suppressed(source: bytes, line: int, code: str) -> bool:
    if _disabled:
        return False
    for n in (line, line - 1):
        found, _bad = parse_line(_line(source, n), n)
        if any(d.covers(code) for d in found):
            return True
    return False


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Within the block the engine keeps suppressed findings (in this process)."""
    global _disabled
    old, _disabled = _disabled, True
    try:
        yield
    finally:
        _disabled = old


def file_directives(source: bytes) -> tuple[list[Directive], list[tuple[int, int, str]]]:
    """Every directive of a file, and (line, column, why) for misspelled ones."""
    directives: list[Directive] = []
    bad: list[tuple[int, int, str]] = []
    for i, text in enumerate(source.split(b"\n"), 1):
        if b"nolint" not in text and b"gofixleaks:ignore" not in text:
            continue
        found, wrong = parse_line(text.rstrip(b"\r"), i)
        directives.extend(found)
        bad.extend((i, col, why) for col, why in wrong)
    return directives, bad


def audit_paths(paths: list[str], settings, jobs: int | None = None) -> list[Problem]:
    """``--check-suppressions``: the comments under ``paths`` that suppress no
    finding of an enabled rule, and the misspelled ones."""
    from .discovery import discover
    from .engine import process_package, read_source, rules_for
    from .registry import RULES

    enabled = {r.code for r in rules_for(settings)}
    every_rule = enabled == {r.code for r in RULES}
    problems: list[Problem] = []
    found = discover(paths, settings.exclude, settings.force_exclude)
    for directory, files in sorted(found.packages.items()):
        judged: dict[str, list[Directive]] = {}
        for path in files:
            data, _reason = read_source(path, settings)
            if data is None or (b"nolint" not in data and b"gofixleaks:ignore" not in data):
                continue
            directives, bad = file_directives(data)
            problems.extend(Problem(path, ln, col, "invalid-suppression", why) for ln, col, why in bad)
            mine = []
            for d in directives:
                if not d.ours:
                    continue  # a bare //nolint or another linter's: not ours to judge
                covered = {c for c in enabled | {r.code for r in RULES} if d.covers(c)}
                if not covered:
                    problems.append(Problem(path, d.line, d.column, "invalid-suppression", f"{d.text} names no gofixleaks rule (see 'gofixleaks rules')"))
                elif covered <= enabled and (d.codes is not None or every_rule):
                    mine.append(d)
            if mine:
                judged[path] = mine
        if not judged:
            continue
        with disabled():
            raw = process_package(directory, sorted(judged), replace(settings, fix=False))
        hits = [(f.path, f.line, f.code) for fr in raw.files for f in fr.findings]
        for path, directives in judged.items():
            for d in directives:
                if not any(p == path and ln in (d.line, d.line + 1) and d.covers(code) for p, ln, code in hits):
                    problems.append(Problem(path, d.line, d.column, "unused-suppression", f"{d.text} suppresses nothing: no finding on this line or the next"))
    problems.sort(key=lambda p: (p.path, p.line, p.column))
    return problems
