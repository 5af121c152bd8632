import socket


def send(addr, data):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.connect(addr)
        sock.sendall(data)
    finally:
        sock.close()
