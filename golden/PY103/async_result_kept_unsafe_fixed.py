# golden-args: --unsafe-fixes
import multiprocessing


def run(f, xs):
    pool = multiprocessing.Pool()  # want: PY103
    pending = pool.map_async(f, xs)
    print("working")
    return pending.get(timeout=60)
