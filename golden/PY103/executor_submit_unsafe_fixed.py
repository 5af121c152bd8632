# golden-args: --unsafe-fixes
from concurrent.futures import ThreadPoolExecutor


def fetch_all(urls, fetch):
    ex = ThreadPoolExecutor(max_workers=8)  # want: PY103
    futures = [ex.submit(fetch, u) for u in urls]
    results = [f.result() for f in futures]
    return results
