"""Worker processes and threads still alive after the calls returned; ResourceWarnings."""

import gc
import multiprocessing
import os
import sys
import threading
import time
import warnings

import leaky


def main():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always", ResourceWarning)
        for _ in range(5):
            assert leaky.squares([1, 2, 3]) == [1, 4, 9]
        gc.collect()
        children = len(multiprocessing.active_children())
        resource_warnings = sum(1 for x in w if issubclass(x.category, ResourceWarning))
    for _ in range(5):
        assert leaky.fetch_all([1, 2, 3]) == [1, 4, 9]
    gc.collect()
    time.sleep(0.3)
    threads = threading.active_count() - 1
    print(f"RESULT children={children} resource_warnings={resource_warnings} threads={threads}", flush=True)
    # the leaked pools' finalizers can hang the interpreter's exit: leave at
    # once (the test runs this in its own process group and kills the
    # workers the leaked pools left behind)
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
