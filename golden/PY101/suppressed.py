def a(path):
    f = open(path)  # noqa: PY101
    return f.read()


def b(path):
    # gofixleaks: ignore[PY101]
    f = open(path)
    return f.read()
