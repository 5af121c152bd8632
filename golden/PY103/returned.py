from concurrent.futures import ThreadPoolExecutor


def make_executor():
    ex = ThreadPoolExecutor(max_workers=2)
    return ex
