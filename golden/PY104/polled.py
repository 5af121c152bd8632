import subprocess
import time


def run(cmd):
    p = subprocess.Popen(cmd)
    while p.poll() is None:
        time.sleep(0.1)
    return p.returncode
