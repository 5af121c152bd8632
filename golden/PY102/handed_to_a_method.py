import socket


class Server:
    def __init__(self, addr):
        # supervisor's http.py: the listening socket is handed over and kept
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.prebind(sock)
        self.bind(addr)

    def prebind(self, sock):
        self.socket = sock

    def bind(self, addr):
        self.socket.bind(addr)
