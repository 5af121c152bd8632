def maybe_read(path):
    try:
        f = open(path)  # want: PY101
    except OSError:
        return None
    data = f.read()
    return data
