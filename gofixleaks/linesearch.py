"""Fast exact search for line-anchored prefilter patterns.

A prefilter regex like ``^(?:var |\\t)\\w+ = map\\[`` (``re.M``) is tried by
``re`` at every byte of the file.  When every match of the pattern starts at
a line start, stays within one line and contains one of a few literal byte
strings, only the lines holding a literal can match: :func:`search_lines`
tries the pattern at those lines' starts alone, with the same answer as
``pattern.search(source) is not None`` (tests/test_speed_exactness.py).
"""

from __future__ import annotations

import re


def search_lines(pattern: re.Pattern[bytes], source: bytes, literals: tuple[bytes, ...]) -> bool:
    """``pattern.search(source) is not None`` for a ``re.M`` pattern anchored
    with ``^`` whose matches never span a newline and always contain one of
    ``literals``."""
    match = pattern.match
    tried: set[int] = set()
    for lit in literals:
        i = source.find(lit)
        while i != -1:
            start = source.rfind(b"\n", 0, i) + 1
            if start not in tried:
                tried.add(start)
                if match(source, start) is not None:
                    return True
            end = source.find(b"\n", i)
            if end == -1:
                break
            i = source.find(lit, end)
    return False
