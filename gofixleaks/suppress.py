"""Suppression comments: ``//nolint``, ``//nolint:gofixleaks``, ``//nolint:LK101``,
``//gofixleaks:ignore`` and ``//gofixleaks:ignore LK101,LK102``, on the
finding's line or on the line above it."""

from __future__ import annotations

import re

_NOLINT = re.compile(rb"//\s*nolint(?::([\w,\- ]+))?")
_IGNORE = re.compile(rb"//\s*gofixleaks:ignore(?:[ \t]+([\w, ]+))?")


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
    return source[start : end if end >= 0 else len(source)]


def _codes(group: bytes | None) -> list[str] | None:
    if group is None:
        return None
    return [c.strip().upper().decode() for c in re.split(rb"[,\s]+", group) if c.strip()]


def suppressed(source: bytes, line: int, code: str) -> bool:
    for text in (_line(source, line), _line(source, line - 1)):
        if b"//" not in text:
            continue
        for m in _NOLINT.finditer(text):
            codes = _codes(m.group(1))
            if codes is None or any(c in ("ALL", "GOFIXLEAKS") or code.startswith(c) for c in codes):
                return True
        for m in _IGNORE.finditer(text):
            codes = _codes(m.group(1))
            if codes is None or any(code.startswith(c) for c in codes):
                return True
    return False
