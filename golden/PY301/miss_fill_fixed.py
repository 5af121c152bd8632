# golden-args: --unsafe-fixes
from functools import lru_cache

_sizes: dict[str, int] = {}  # want: PY301


def size(path):
    if path not in _sizes:
        _sizes[path] = len(open(path, "rb").read())
    return _sizes[path]


@lru_cache(maxsize=None)
def unrelated(x):
    return x
