"""tracemalloc growth over 50,000 distinct keys."""

import gc
import sys
import tracemalloc

import leaky


def main():
    tracemalloc.start()
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(50000):
        assert leaky.document(f"k{i}")["key"] == f"k{i}"
    assert leaky.document("k1") is leaky.document("k1")
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    print(f"RESULT grown_bytes={grown}")


if __name__ == "__main__":
    sys.exit(main())
