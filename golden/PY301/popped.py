_pending = {}


def take(key):
    if key in _pending:
        return _pending.pop(key)
    _pending[key] = object()
    return None
