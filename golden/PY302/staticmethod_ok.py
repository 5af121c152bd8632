import functools


class Units:
    @staticmethod
    @functools.lru_cache(maxsize=None)
    def factor(unit):
        return {"k": 1000, "M": 1000000}[unit]
