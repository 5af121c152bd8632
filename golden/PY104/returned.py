import subprocess


def spawn(cmd):
    p = subprocess.Popen(cmd)
    return p
