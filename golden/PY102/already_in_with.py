import socket


def send(addr, data):
    with socket.create_connection(addr) as sock:
        sock.sendall(data)
