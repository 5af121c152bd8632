import functools


class Client:
    def __init__(self, base):
        self.base = base

    @functools.cache  # want: PY302
    def url(self, path):
        return self.base + path
