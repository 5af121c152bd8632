"""PY104: a child process started and never waited for."""

import subprocess


def notify(message):
    p = subprocess.Popen(["sh", "-c", "sleep 0.05"], stdin=subprocess.DEVNULL)
    return p.pid > 0 and bool(message)
