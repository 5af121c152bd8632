import functools


class Doc:
    def __init__(self, text):
        self.text = text

    @functools.cached_property
    def words(self):
        return self.text.split()
