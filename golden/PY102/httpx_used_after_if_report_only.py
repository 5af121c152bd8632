import httpx


def get(url, verbose):
    if verbose:
        client = httpx.Client(timeout=5)  # want: PY102
        print("client ready")
    else:
        return None
    return client.get(url).status_code
