import sqlite3


class Store:
    def open(self, path):
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        self.conn = conn
