import sqlite3


def query(path, sql):
    conn = sqlite3.connect(path)
    return conn.execute(sql)
