"""Instances kept alive after they are dropped (weak references)."""

import gc
import sys
import weakref

import leaky


def main():
    refs = []
    for i in range(1000):
        s = leaky.Session(f"user{i}")
        assert s.normalize("Hello") == "hello"
        refs.append(weakref.ref(s))
    del s
    gc.collect()
    alive = sum(1 for r in refs if r() is not None)
    print(f"RESULT alive={alive}")


if __name__ == "__main__":
    sys.exit(main())
