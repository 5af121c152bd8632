import multiprocessing


def run(f, xs):
    pool = multiprocessing.Pool()
    res = pool.map_async(f, xs)
    pool.close()
    pool.join()
    return res.get()
