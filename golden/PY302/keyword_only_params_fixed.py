# golden-args: --unsafe-fixes
import functools


class Fmt:
    @functools.lru_cache(maxsize=256)  # want: PY302
    def pad(self, text, width=10, *, fill=" "):
        return text.rjust(width, fill)
