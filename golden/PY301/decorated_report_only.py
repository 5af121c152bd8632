# golden-args: --unsafe-fixes
import functools

_cache = {}  # want: PY301


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)

    return wrapper


@traced
def lookup(key):
    if key in _cache:
        return _cache[key]
    value = key.upper()
    _cache[key] = value
    return value
