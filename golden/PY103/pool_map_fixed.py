import multiprocessing


def square(x):
    return x * x


def squares(xs):
    pool = multiprocessing.Pool(4)  # want: PY103
    return pool.map(square, xs)
