import tempfile


def roundtrip(data):
    tmp = tempfile.TemporaryFile()  # want: PY101
    tmp.write(data)
    tmp.seek(0)
    back = tmp.read()
    return back == data
