import subprocess


def start_all(cmds, procs):
    for cmd in cmds:
        p = subprocess.Popen(cmd)
        procs.append(p)
