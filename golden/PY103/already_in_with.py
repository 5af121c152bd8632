from concurrent.futures import ProcessPoolExecutor


def run(f, xs):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(f, xs))
