import functools


class Tokenizer:
    @functools.lru_cache(maxsize=4096)  # want: PY302
    def normalize(self, word):
        return word.casefold()
