"""PY102: a socket closed only when the peer answers as expected."""

import socket


class ProtocolError(Exception):
    pass


def probe(addr):
    s = socket.create_connection(addr, timeout=5)
    s.sendall(b"ping")
    reply = s.recv(4)
    if reply != b"pong":
        raise ProtocolError(reply)
    s.close()
    return True
