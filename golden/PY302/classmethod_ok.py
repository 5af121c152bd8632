import functools


class Config:
    @classmethod
    @functools.cache
    def default(cls):
        return cls()
