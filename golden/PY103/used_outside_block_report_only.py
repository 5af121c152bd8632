import multiprocessing


def run(f, xs, parallel):
    if parallel:
        pool = multiprocessing.Pool()  # want: PY103
        mapper = pool.map
    else:
        mapper = map
    return list(mapper(f, xs))
