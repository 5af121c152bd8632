def tail(path, stop):
    f = open(path)  # want: PY101
    while True:
        line = f.readline()
        if line == stop:
            break
    return line
