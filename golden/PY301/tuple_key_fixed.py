# golden-args: --unsafe-fixes
_conns = {}  # want: PY301


def connect(host, port):
    if (host, port) in _conns:
        return _conns[(host, port)]
    conn = (host, port, object())
    _conns[(host, port)] = conn
    return conn
