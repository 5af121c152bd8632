"""Descriptors held by kept exceptions, and ResourceWarnings, as the interpreter reports them."""

import gc
import os
import sys
import tempfile
import warnings

import leaky


def open_fds():
    return len(os.listdir("/proc/self/fd"))


def main():
    d = tempfile.mkdtemp()
    bad = os.path.join(d, "bad.txt")
    with open(bad, "wb") as fh:
        fh.write("caf\u00e9\n".encode())
    good = os.path.join(d, "good.json")
    with open(good, "w") as fh:
        fh.write('{"a": 1}')
    base = open_fds()
    errors = []  # a service that logs and keeps its last errors
    for _ in range(200):
        try:
            leaky.read_header(bad)
        except ValueError as e:
            errors.append(e)
    held = open_fds() - base
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always", ResourceWarning)
        for _ in range(100):
            leaky.load(good)
        gc.collect()
        resource_warnings = sum(1 for x in w if issubclass(x.category, ResourceWarning))
    print(f"RESULT held_fds={held} resource_warnings={resource_warnings}")


if __name__ == "__main__":
    sys.exit(main())
