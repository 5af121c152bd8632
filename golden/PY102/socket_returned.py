import socket


def dial(addr):
    s = socket.create_connection(addr)
    s.settimeout(3)
    return s
