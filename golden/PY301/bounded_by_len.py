_cache = {}


def lookup(key):
    if key in _cache:
        return _cache[key]
    value = key * 2
    if len(_cache) < 1000:
        _cache[key] = value
    return value
