def read_config(path):
    f = open(path)  # want: PY101
    data = f.read()
    return data.strip()
