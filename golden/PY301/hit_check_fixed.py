# golden-args: --unsafe-fixes
import http.client

_clients = {}  # want: PY301


def get_client(host):
    if host in _clients:
        return _clients[host]
    client = http.client.HTTPSConnection(host, timeout=10)
    _clients[host] = client
    return client
