"""Descriptors held after failed probes against a loopback server; ResourceWarnings."""

import gc
import os
import socketserver
import sys
import threading
import warnings

import leaky


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.recv(4)
        self.request.sendall(b"nope")


def open_fds():
    return len(os.listdir("/proc/self/fd"))


def main():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    addr = server.server_address
    base = open_fds()
    errors = []
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always", ResourceWarning)
        for _ in range(100):
            try:
                leaky.probe(addr)
            except leaky.ProtocolError as e:
                errors.append(e)
        held = open_fds() - base
        errors.clear()
        gc.collect()
        resource_warnings = sum(1 for x in w if issubclass(x.category, ResourceWarning))
    server.shutdown()
    print(f"RESULT held_fds={held} resource_warnings={resource_warnings}")


if __name__ == "__main__":
    sys.exit(main())
