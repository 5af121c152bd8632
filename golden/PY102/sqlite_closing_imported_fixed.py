import sqlite3
from contextlib import closing


def count(path):
    db = sqlite3.connect(path)  # want: PY102
    (n,) = db.execute("SELECT count(*) FROM items").fetchone()
    return n


def names(path):
    with closing(sqlite3.connect(path)) as db:
        return [r[0] for r in db.execute("SELECT name FROM items")]
