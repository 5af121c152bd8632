# golden-args: --unsafe-fixes
from concurrent import futures


def total(fn, items):
    executor = futures.ProcessPoolExecutor()  # want: PY103
    parts = executor.map(fn, items)
    return sum(parts)
