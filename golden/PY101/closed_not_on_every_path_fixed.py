def first_line(path):
    f = open(path, encoding="utf-8")  # want: PY101
    line = f.readline()
    f.close()
    return line
