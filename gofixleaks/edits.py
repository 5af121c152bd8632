"""The one place edits are applied: sorted, overlaps rejected."""

from __future__ import annotations

from typing import Iterable

from .model import Edit, Finding


class OverlapError(ValueError):
    pass


def overlaps(a: Edit, b: Edit) -> bool:
    """Two edits conflict when their ranges intersect, or both insert at one point."""
    return a.start == b.start or (a.start < b.end and b.start < a.end)


def apply_edits(source: bytes, edits: Iterable[Edit]) -> bytes:
    """Apply edits to ``source``; raises :class:`OverlapError` on any conflict.

    Identical edits (two fixes adding the same parameter, say) apply once.
    """
    ordered = sorted(set(edits), key=lambda e: (e.start, e.end))
    for prev, cur in zip(ordered, ordered[1:]):
        if overlaps(prev, cur) or prev.end > cur.start:
            raise OverlapError(f"edits overlap at bytes {prev.start}-{prev.end} and {cur.start}-{cur.end}")
    for e in ordered:
        if not (0 <= e.start <= e.end <= len(source)):
            raise OverlapError(f"edit {e.start}-{e.end} outside the file ({len(source)} bytes)")
    out = []
    pos = 0
    for e in ordered:
        out.append(source[pos : e.start])
        out.append(e.text)
        pos = e.end
    out.append(source[pos:])
    return b"".join(out)


def select_fixes(findings: list[Finding], unsafe: bool) -> tuple[list[Finding], list[Finding]]:
    """Pick the findings whose fixes can be applied together.

    Fixes are taken in file order; a fix whose edits overlap an accepted one is
    rejected (its finding is still reported, without the fix applied; the fix
    loop will offer it again on the next round).  Returns (accepted, rejected).
    """
    accepted: list[Finding] = []
    rejected: list[Finding] = []
    taken: dict[str, list[Edit]] = {}
    candidates = [f for f in findings if f.fix is not None and f.fix.edits]
    candidates.sort(key=lambda f: (f.path, min(e.start for e in f.fix.edits), f.code))
    for f in candidates:
        if f.fix.safety.value == "unsafe" and not unsafe:
            continue
        conflict = False
        for e in f.fix.edits:
            for other in taken.get(e.path or f.path, ()):
                if overlaps(e, other) and (e.start, e.end, e.text) != (other.start, other.end, other.text):
                    conflict = True
                    break
            if conflict:
                break
        if conflict:
            rejected.append(f)
            continue
        for e in f.fix.edits:
            taken.setdefault(e.path or f.path, []).append(e)
        accepted.append(f)
    return accepted, rejected
