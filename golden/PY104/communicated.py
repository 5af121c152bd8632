import subprocess


def output(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out, _ = p.communicate(timeout=30)
    return out
