from concurrent.futures import ThreadPoolExecutor


def run(jobs):
    ex = ThreadPoolExecutor()
    for j in jobs:
        ex.submit(j)
    ex.shutdown(wait=True)
