import os
import subprocess
import sys


def restart(argv):
    # tornado's autoreload: the parent leaves at once, the child is re-parented
    subprocess.Popen([sys.executable] + argv)
    os._exit(0)
