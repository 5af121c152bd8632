# golden-args: --unsafe-fixes
import subprocess


def start(cmd, log):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE)  # want: PY104
    log.info("started %d", p.pid)
    first = p.stdout.readline()
    return first
