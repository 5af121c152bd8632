import subprocess


def pipe(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    return p.stdout
