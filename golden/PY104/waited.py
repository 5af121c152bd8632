import subprocess


def run(cmd):
    p = subprocess.Popen(cmd)
    return p.wait()
