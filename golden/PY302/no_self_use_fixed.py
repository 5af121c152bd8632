# golden-args: --unsafe-fixes
import functools


class Tokenizer:
    def __init__(self, text):
        self.text = text

    @functools.lru_cache(maxsize=None)  # want: PY302
    def normalize(self, word):
        return word.casefold()
