import json


def save(path, data):
    out = open(path, "w")  # want: PY101
    json.dump(data, out, indent=2)
    print("saved", file=out)
