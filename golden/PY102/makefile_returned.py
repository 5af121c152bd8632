import socket


def stream(addr):
    s = socket.create_connection(addr)
    return s.makefile("rb")
