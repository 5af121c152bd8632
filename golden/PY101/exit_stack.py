import contextlib


def concat(paths):
    with contextlib.ExitStack() as stack:
        out = []
        for p in paths:
            f = open(p)
            stack.enter_context(f)
            out.append(f.read())
        return "".join(out)
