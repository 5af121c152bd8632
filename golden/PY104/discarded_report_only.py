import subprocess


def notify(msg):
    subprocess.Popen(["logger", msg])  # want: PY104
