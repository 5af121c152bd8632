"""PY101: a file closed only when nothing raises, and a file never closed."""

import json


def read_header(path):
    f = open(path, encoding="ascii")
    header = f.readline()  # raises UnicodeDecodeError on a non-ASCII file
    f.close()
    return header.strip()


def load(path):
    f = open(path)
    data = json.load(f)
    return data
