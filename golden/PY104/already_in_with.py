import subprocess


def run(cmd):
    with subprocess.Popen(cmd) as p:
        return p.pid
