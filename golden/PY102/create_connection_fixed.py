import socket


def ping(host):
    s = socket.create_connection((host, 7), timeout=5)  # want: PY102
    s.sendall(b"ping")
    reply = s.recv(4)
    return reply == b"ping"
