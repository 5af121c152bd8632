_counts = {}


def hit(key):
    if key not in _counts:
        _counts[key] = 0
    _counts[key] += 1
    return _counts[key]
