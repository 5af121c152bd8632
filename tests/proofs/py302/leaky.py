"""PY302: a cache on a method keeps its instances."""

import functools


class Session:
    def __init__(self, user):
        self.user = user
        self.buffer = bytearray(10000)

    @functools.lru_cache(maxsize=None)
    def normalize(self, word):
        return word.casefold()
