# golden-args: --unsafe-fixes --cache-size 256
import re

_patterns = {}  # want: PY301


def compiled(pattern):
    global _patterns
    try:
        return _patterns[pattern]
    except KeyError:
        pass
    rx = re.compile(pattern)
    _patterns[pattern] = rx
    return rx
