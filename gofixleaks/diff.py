"""Unified diffs that ``git apply`` and ``patch`` accept, CRLF and missing
final newlines included."""

from __future__ import annotations

import difflib

NO_NEWLINE = "\\ No newline at end of file\n"


def _split_lf(text: str) -> list[str]:
    # a lone \r inside a line must not split it (splitlines would)
    out = text.split("\n")
    lines = [line + "\n" for line in out[:-1]]
    if out[-1]:
        lines.append(out[-1])
    return lines


def unified_diff(path: str, old: bytes, new: bytes, context: int = 3) -> str:
    if old == new:
        return ""
    a, b = _split_lf(old.decode("utf-8", "surrogateescape")), _split_lf(new.decode("utf-8", "surrogateescape"))
    out = []
    for line in difflib.unified_diff(a, b, f"a/{path}", f"b/{path}", n=context):
        if line.startswith(("---", "+++")):
            # like git: a name with a space ends in a tab, so that patch(1)
            # does not cut the name at the space
            out.append(line.rstrip("\n") + ("\t" if " " in path else "") + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + NO_NEWLINE)
    return "".join(out)
