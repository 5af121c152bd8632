import gzip as gz


def decompress(path):
    fh = gz.open(path, "rb")  # want: PY101
    payload = fh.read()
    return payload
