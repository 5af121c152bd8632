# golden-args: --unsafe-fixes
import subprocess as sp


def launch(args):
    child = sp.Popen(args, stdin=sp.PIPE)  # want: PY104
    child.stdin.write(b"go\n")
    child.stdin.flush()
