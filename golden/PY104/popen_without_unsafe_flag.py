import subprocess


def start(cmd):
    p = subprocess.Popen(cmd)  # want: PY104
    print(p.pid)
