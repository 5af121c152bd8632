from concurrent.futures import ThreadPoolExecutor


def fetch_all(urls, fetch):
    ex = ThreadPoolExecutor(max_workers=8)  # want: PY103
    return [f.result() for f in [ex.submit(fetch, u) for u in urls]]
