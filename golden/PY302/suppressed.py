import functools


class Tokenizer:
    @functools.lru_cache(maxsize=4096)  # noqa: PY302
    def normalize(self, word):
        return word.casefold()

    # gofixleaks: ignore[PY302]
    @functools.cache
    def split(self, word):
        return word.split()
