_cache = {}  # want: PY301


def lookup(key):
    if key in _cache:
        return _cache[key]
    value = key.upper()
    _cache[key] = value
    return value
