"""PY103: a process pool and a thread pool never shut down."""

import multiprocessing
from concurrent.futures import ThreadPoolExecutor


def square(x):
    return x * x


def squares(xs):
    pool = multiprocessing.Pool(2)
    return pool.map(square, xs)


def fetch_all(xs):
    ex = ThreadPoolExecutor(max_workers=2)
    futures = [ex.submit(square, x) for x in xs]
    results = [f.result() for f in futures]
    return results
