"""The publish stage: what happens to one prepared module.

- ``forge = "none"``: the module's patch (``git diff --binary`` from the base)
  is written to ``<campaign dir>/patches/<owner>/<name>/<module dir, or
  "root">.patch``, atomically; nothing is pushed.
- a forge: the bot's ``publish`` (push with a lease, find the PR by its head
  branch, update it or create it; idempotent), from a driver-side partial
  clone into which the worker's bundle is fetched.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

from . import ledger as L
from .campaign import Campaign
from .ledger import Row


@dataclass
class Outcome:
    state: str  # a final ledger state
    reason: str = ""  # failure class
    error: str = ""
    pr_url: str = ""
    patch: str = ""  # relative to the campaign directory
    word: str = ""  # created, updated, unchanged, closed, written
    retry_after: float | None = None  # rate limited: try again after this many seconds


class Publisher:
    def check(self) -> None:
        """Refuse to start (UsageError, exit 2) when publishing cannot work at all."""

    def publish(self, row: Row, payload: dict) -> Outcome:
        raise NotImplementedError

    def pr_state(self, row: Row) -> str | None:
        """The ledger state the forge gives the row's PR now (None: unknown)."""
        return None

    def close(self) -> None:
        pass


def patch_relpath(repo: str, module: str) -> str:
    name = "root" if module in (".", "") else module
    return os.path.join("patches", *repo.split("/"), name + ".patch")


def write_atomic(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp.", dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class PatchPublisher(Publisher):
    def __init__(self, campaign: Campaign):
        self.c = campaign

    def publish(self, row: Row, payload: dict) -> Outcome:
        rel = patch_relpath(row.repo, row.module)
        try:
            write_atomic(os.path.join(self.c.directory, rel), payload["patch"].encode("utf-8", "surrogateescape"))
        except OSError as e:
            return Outcome(L.FAILED, reason="internal", error=f"cannot write {rel}: {e.strerror}")
        return Outcome(L.PATCH_WRITTEN, patch=rel, word="written")


def make_publisher(campaign: Campaign, workdir: str | None) -> Publisher:
    if campaign.forge == "none":
        return PatchPublisher(campaign)
    from .forge_publish import ForgePublisher

    return ForgePublisher(campaign, workdir)
