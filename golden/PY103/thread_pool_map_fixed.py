from multiprocessing.pool import ThreadPool


def lengths(paths, size):
    tp = ThreadPool(4)  # want: PY103
    out = tp.map(size, paths)
    print(len(out))
    return out
