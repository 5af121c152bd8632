# golden-args: --unsafe-fixes
import functools


def logged(fn):
    return fn


class Parser:
    @logged
    @functools.lru_cache(maxsize=1024)  # want: PY302
    def parse(self, text):
        return text.split(",")
