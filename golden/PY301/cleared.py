_cache = {}


def lookup(key):
    if key in _cache:
        return _cache[key]
    value = key * 2
    _cache[key] = value
    return value


def reset():
    _cache.clear()
