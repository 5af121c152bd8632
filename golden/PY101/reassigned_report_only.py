def pick(a, b):
    f = open(a)  # want: PY101
    if not f.readable():
        f = open(b)  # want: PY101
    return f.read()
