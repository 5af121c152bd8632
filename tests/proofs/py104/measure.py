"""Zombie children (from /proc) and ResourceWarnings."""

import gc
import os
import sys
import time
import warnings

import leaky


def zombies():
    me = os.getpid()
    n = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == me:
            n += 1
    return n


def main():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always", ResourceWarning)
        for i in range(20):
            leaky.notify(f"event {i}")
        gc.collect()
        time.sleep(0.5)
        resource_warnings = sum(1 for x in w if issubclass(x.category, ResourceWarning))
    print(f"RESULT zombies={zombies()} resource_warnings={resource_warnings}")


if __name__ == "__main__":
    sys.exit(main())
