import os

_env = {}


def home():
    if "HOME" in _env:
        return _env["HOME"]
    _env["HOME"] = os.environ.get("HOME", "/")
    return _env["HOME"]
