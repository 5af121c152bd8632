"""The campaign's ledger: one SQLite row per repository and module.

Only the driver writes it, and only in transactions (``with ledger.tx():``), so
that a ``kill -9`` at any moment leaves either the state before or the state
after a step, never half of one.  Workers return data; they never open it.

Rows and states::

    (repo, "")       the repository before its modules are known:
                     planned -> running -> (replaced by its module rows)
                                        -> failed (clone-failed, timeout, internal) | skipped
    (repo, module)   running (stage "publish": prepared, waiting for the publish stage)
                     -> no-change | pr-open | patch-written | skipped | failed (reason)
                     pr-open -> merged | closed   (batch status --refresh)

``module`` is the module's directory relative to the repository root ("." for
the root module).  A row left ``running`` by a killed driver is redone by the
next ``batch run``: a repository row is worked again from the start, a module
row in the publish stage is published again from its stored payload (the
bot's publish is idempotent: it finds the PR by its branch).
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

PLANNED, RUNNING = "planned", "running"
NO_CHANGE, PR_OPEN, PATCH_WRITTEN, MERGED, CLOSED, SKIPPED, FAILED = (
    "no-change", "pr-open", "patch-written", "merged", "closed", "skipped", "failed",
)
FINAL = (NO_CHANGE, PR_OPEN, PATCH_WRITTEN, MERGED, CLOSED, SKIPPED, FAILED)
STATES = (PLANNED, RUNNING, *FINAL)
REASONS = ("baseline-broken", "clone-failed", "auth", "forge", "timeout", "internal")

# state -> the states it may move to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    PLANNED: (RUNNING, SKIPPED),
    RUNNING: (RUNNING, *FINAL),
    NO_CHANGE: (RUNNING,),
    PR_OPEN: (RUNNING, PR_OPEN, MERGED, CLOSED),
    PATCH_WRITTEN: (RUNNING,),
    MERGED: (RUNNING,),
    CLOSED: (RUNNING,),
    SKIPPED: (RUNNING, PLANNED),
    FAILED: (RUNNING,),
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    repo       TEXT NOT NULL,
    module     TEXT NOT NULL,
    state      TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    stage      TEXT NOT NULL DEFAULT '',
    attempts   INTEGER NOT NULL DEFAULT 0,
    base_sha   TEXT NOT NULL DEFAULT '',
    tree_sha   TEXT NOT NULL DEFAULT '',
    commit_sha TEXT NOT NULL DEFAULT '',
    branch     TEXT NOT NULL DEFAULT '',
    pr_url     TEXT NOT NULL DEFAULT '',
    patch      TEXT NOT NULL DEFAULT '',
    fixes      TEXT NOT NULL DEFAULT '{}',
    verified   INTEGER NOT NULL DEFAULT 0,
    reverted   INTEGER NOT NULL DEFAULT 0,
    unverified INTEGER NOT NULL DEFAULT 0,
    findings   INTEGER NOT NULL DEFAULT 0,
    error      TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL DEFAULT '',
    payload    BLOB,
    updated    REAL NOT NULL,
    PRIMARY KEY (repo, module)
);
"""

COLUMNS = (
    "repo", "module", "state", "reason", "stage", "attempts", "base_sha", "tree_sha", "commit_sha", "branch",
    "pr_url", "patch", "fixes", "verified", "reverted", "unverified", "findings", "error", "outcome",
)


class LedgerError(RuntimeError):
    pass


@dataclass
class Row:
    repo: str
    module: str
    state: str
    reason: str = ""
    stage: str = ""
    attempts: int = 0
    base_sha: str = ""
    tree_sha: str = ""
    commit_sha: str = ""
    branch: str = ""
    pr_url: str = ""
    patch: str = ""
    fixes: dict = field(default_factory=dict)
    verified: int = 0
    reverted: int = 0
    unverified: int = 0
    findings: int = 0
    error: str = ""
    outcome: str = ""

    @property
    def final(self) -> bool:
        return self.state in FINAL

    def to_json(self) -> dict:
        return {c: getattr(self, c) for c in COLUMNS}


class Ledger:
    def __init__(self, path: str, readonly: bool = False):
        self.path = path
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        self.db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        if not readonly:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)
        self._in_tx = False

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def tx(self) -> Iterator[None]:
        """One transaction: everything inside is written, or nothing."""
        if self._in_tx:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._in_tx = False

    def _require_tx(self) -> None:
        if not self._in_tx:
            raise LedgerError("ledger writes happen inside ledger.tx()")

    # --- meta
    def meta(self, key: str, default: str = "") -> str:
        r = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return r["value"] if r else default

    def set_meta(self, key: str, value: str) -> None:
        self._require_tx()
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # --- reads
    def _row(self, r: sqlite3.Row) -> Row:
        d = {c: r[c] for c in COLUMNS}
        d["fixes"] = json.loads(d["fixes"] or "{}")
        return Row(**d)

    def rows(self, repo: str | None = None) -> list[Row]:
        if repo is None:
            cur = self.db.execute("SELECT * FROM units ORDER BY repo, module")
        else:
            cur = self.db.execute("SELECT * FROM units WHERE repo = ? ORDER BY module", (repo,))
        return [self._row(r) for r in cur]

    def get(self, repo: str, module: str) -> Row | None:
        r = self.db.execute("SELECT * FROM units WHERE repo = ? AND module = ?", (repo, module)).fetchone()
        return self._row(r) if r else None

    def payload(self, repo: str, module: str) -> dict | None:
        r = self.db.execute("SELECT payload FROM units WHERE repo = ? AND module = ?", (repo, module)).fetchone()
        if r is None or r["payload"] is None:
            return None
        return json.loads(r["payload"])

    def repos(self) -> list[str]:
        return [r["repo"] for r in self.db.execute("SELECT DISTINCT repo FROM units ORDER BY repo")]

    # --- writes (inside tx)
    def plan(self, repo: str) -> bool:
        """Add a repository as planned unless the ledger knows it; True when added."""
        self._require_tx()
        if self.db.execute("SELECT 1 FROM units WHERE repo = ?", (repo,)).fetchone():
            return False
        self.db.execute("INSERT INTO units(repo, module, state, updated) VALUES (?, '', ?, ?)", (repo, PLANNED, time.time()))
        return True

    def _check(self, old: str, new: str, repo: str, module: str) -> None:
        if new not in STATES:
            raise LedgerError(f"unknown state {new!r}")
        if new not in TRANSITIONS[old]:
            raise LedgerError(f"{repo} {module or '(repo)'}: {old} -> {new} is not allowed")

    def start(self, repo: str) -> int:
        """The repository is handed to a worker: its rows collapse into one
        ``running`` repository row (attempts counted).  Returns the attempt."""
        self._require_tx()
        rows = self.rows(repo)
        attempts = max((r.attempts for r in rows), default=0) + 1
        for r in rows:
            self._check(r.state, RUNNING, repo, r.module)
        self.db.execute("DELETE FROM units WHERE repo = ?", (repo,))
        self.db.execute(
            "INSERT INTO units(repo, module, state, stage, attempts, updated) VALUES (?, '', ?, 'prepare', ?, ?)",
            (repo, RUNNING, attempts, time.time()),
        )
        return attempts

    def put(self, row: Row, payload: dict | None = None) -> None:
        """Write one row (insert or replace), checking the state transition."""
        self._require_tx()
        old = self.get(row.repo, row.module)
        if old is not None:
            self._check(old.state, row.state, row.repo, row.module)
        elif row.state not in (PLANNED, RUNNING, *FINAL):
            raise LedgerError(f"unknown state {row.state!r}")
        self.put_unchecked(row, payload)

    def replace_repo(self, repo: str, rows: list[tuple[Row, dict | None]]) -> None:
        """The worker's result: the repository row gives way to its module rows."""
        self._require_tx()
        current = self.get(repo, "")
        if current is None or current.state != RUNNING:
            raise LedgerError(f"{repo}: a result arrived for a repository that is not running")
        self.db.execute("DELETE FROM units WHERE repo = ?", (repo,))
        for row, payload in rows:
            row.attempts = current.attempts
            self.put(row, payload)

    def finish(self, repo: str, module: str, state: str, **fields) -> None:
        """Move one row to a new state, updating some of its fields; the stored
        payload is dropped once the row is final."""
        self._require_tx()
        row = self.get(repo, module)
        if row is None:
            raise LedgerError(f"{repo} {module}: no such row")
        self._check(row.state, state, repo, module)
        row.state = state
        for k, v in fields.items():
            setattr(row, k, v)
        payload = None if state in FINAL else self.payload(repo, module)
        if state in FINAL:
            row.stage = ""
        self.put_unchecked(row, payload)

    def put_unchecked(self, row: Row, payload: dict | None) -> None:
        self._require_tx()
        if row.state == FAILED and row.reason not in REASONS:
            raise LedgerError(f"unknown failure class {row.reason!r}")
        values = [getattr(row, c) for c in COLUMNS]
        values[COLUMNS.index("fixes")] = json.dumps(row.fixes, sort_keys=True)
        blob = json.dumps(payload).encode() if payload is not None else None
        self.db.execute(
            f"INSERT OR REPLACE INTO units({', '.join(COLUMNS)}, payload, updated) VALUES ({', '.join('?' * len(COLUMNS))}, ?, ?)",
            (*values, blob, time.time()),
        )
