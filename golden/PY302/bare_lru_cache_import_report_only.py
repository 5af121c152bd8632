from functools import lru_cache


class Repo:
    def __init__(self, root):
        self.root = root

    @lru_cache  # want: PY302
    def path(self, name):
        return f"{self.root}/{name}"
