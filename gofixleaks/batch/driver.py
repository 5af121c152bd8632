"""The driver of ``gofixleaks batch run``: the only writer of the ledger.

1. Every target of the campaign (of this shard) gets a ledger row (planned).
2. Rows a killed run left in the publish stage are queued for publishing
   again; repositories planned or left running are handed to the executor,
   one task per repository (``worker.run_task``: data back, no ledger write).
3. Each result is written in one transaction: the repository row gives way to
   one row per module (failed: baseline-broken, no-change, or running in the
   publish stage with the prepared commit as payload).
4. The publish stage runs here, one publish at a time, paced by the forge
   host's token bucket: the bot's ``publish`` (push, then find / update /
   create the PR by its branch: idempotent), or with ``forge = "none"`` a patch
   file.  Its outcome is written in one transaction.

A ``kill -9`` at any moment leaves rows ``running``; the next run redoes them,
and the bot's publish finds an existing PR by its branch instead of opening a
second one.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from dataclasses import dataclass

from . import ledger as L
from . import report
from ..discovery import UsageError
from .campaign import Campaign, in_shard
from .executors import Executor, make_executor
from .ledger import Ledger, Row
from .publish import Publisher, make_publisher
from .ratelimit import TokenBucket

MAX_PUBLISH_TRIES = 3


@dataclass
class RunOptions:
    executor: str = "local"
    jobs: int | None = None
    shard: tuple[int, int] | None = None
    retry_failed: bool = False
    progress: bool = True
    workdir: str | None = None
    refresh: bool = False  # read the state of open PRs from the forge: merged / closed


def lock_campaign(campaign: Campaign) -> int:
    """One ``batch run`` per campaign at a time: an exclusive lock beside the
    ledger, released by the system when the process ends (even by kill -9)."""
    fd = os.open(campaign.ledger_path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise UsageError(f"another 'gofixleaks batch run' is running campaign {campaign.name!r} ({campaign.ledger_path})") from None
    return fd


def open_ledger(campaign: Campaign) -> Ledger:
    led = Ledger(campaign.ledger_path)
    with led.tx():
        name = led.meta("campaign")
        if name and name != campaign.name:
            raise L.LedgerError(f"{campaign.ledger_path} belongs to campaign {name!r}")
        led.set_meta("campaign", campaign.name)
    return led


def targets_of(campaign: Campaign, shard) -> list:
    return [t for t in campaign.targets if in_shard(t.repo, shard)]


def plan(campaign: Campaign, led: Ledger, shard) -> list:
    """Add the shard's targets to the ledger as planned (known ones stay as they are)."""
    targets = targets_of(campaign, shard)
    with led.tx():
        for t in targets:
            led.plan(t.repo)
    return targets


class Progress:
    """A progress bar on stderr when it is a terminal."""

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled and sys.stderr.isatty()
        self.start = time.monotonic()
        self.shown = False

    def update(self, done: int, publishing: int) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / self.total) if self.total else width
        bar = "#" * filled + "." * (width - filled)
        sys.stderr.write(
            f"\rbatch [{bar}] {done}/{self.total} repositories, {publishing} to publish, {time.monotonic() - self.start:.0f}s"
        )
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _unit_row(repo: str, result: dict, unit: dict) -> tuple[Row, dict | None]:
    state = unit["state"]
    payload = None
    stage = ""
    if state == "prepared":
        state, stage = L.RUNNING, "publish"
        payload = unit.get("payload")
    return (
        Row(
            repo=repo, module=unit["module"], state=state, reason=unit.get("reason", ""), stage=stage,
            base_sha=result.get("base_sha", ""), tree_sha=unit.get("tree_sha", ""),
            commit_sha=unit.get("commit_sha", ""), branch=unit.get("branch", ""),
            fixes=unit.get("fixes", {}), verified=unit.get("verified", 0), reverted=unit.get("reverted", 0),
            unverified=unit.get("unverified", 0), findings=unit.get("findings", 0), error=unit.get("error", ""),
        ),
        payload,
    )


class Driver:
    def __init__(self, campaign: Campaign, opts: RunOptions, executor: Executor | None = None,
                 publisher: Publisher | None = None, out=None):
        self.c = campaign
        self.opts = opts
        self.out = out or sys.stderr
        self._executor = executor
        self._publisher = publisher

    def run(self) -> int:
        c = self.c
        lock = lock_campaign(c)
        led = open_ledger(c)
        try:
            targets = plan(c, led, self.opts.shard)
            by_repo = {t.repo: t for t in targets}
            todo = []
            to_publish: list[tuple[str, str]] = []
            for repo in by_repo:
                rows = led.rows(repo)
                placeholder = [r for r in rows if r.module == ""]
                if placeholder and placeholder[0].state in (L.PLANNED, L.RUNNING):
                    todo.append(repo)
                elif self.opts.retry_failed and any(r.state == L.FAILED for r in rows):
                    todo.append(repo)
                else:
                    to_publish += [(r.repo, r.module) for r in rows if r.state == L.RUNNING and r.stage == "publish"]
            to_refresh = [r for repo in by_repo for r in led.rows(repo) if r.state == L.PR_OPEN] if self.opts.refresh else []
            if not todo and not to_publish and not to_refresh:
                report.write_report(c, led, targets)
                return report.exit_code(led, targets)

            publisher = self._publisher or make_publisher(c, self.opts.workdir)
            publisher.check()  # a refused token: exit 2 before anything is pushed
            executor = None
            if todo:
                executor = self._executor or make_executor(self.opts.executor, self.opts.jobs)
                print(f"gofixleaks batch: {len(todo)} repositor{'ies' if len(todo) != 1 else 'y'} on {executor.describe()}", file=self.out)
            bucket = TokenBucket(c.publish_rate, c.publish_burst)
            for row in to_refresh:
                self._refresh(led, publisher, row)
            progress = Progress(len(todo), self.opts.progress)
            tries: dict[tuple[str, str], int] = {}
            done = 0
            try:
                for repo in todo:
                    t = by_repo[repo]
                    with led.tx():
                        attempt = led.start(repo)
                    executor.submit(repo, self._task(t, attempt))
                while (executor is not None and executor.pending()) or to_publish:
                    progress.update(done, len(to_publish))
                    if to_publish:
                        wait = bucket.delay()
                        if wait <= 0 and bucket.take():
                            key = to_publish.pop(0)
                            again = self._publish(led, publisher, key, bucket, tries)
                            if again:
                                to_publish.append(key)
                            continue
                    else:
                        wait = 1.0  # the progress bar's clock
                    if executor is not None and executor.pending():
                        for repo, result in executor.wait(wait):
                            done += 1
                            to_publish += self._record(led, repo, result)
                    elif wait:
                        time.sleep(wait)
            finally:
                progress.close()
                if executor is not None and self._executor is None:
                    executor.close()
                publisher.close()
            report.write_report(c, led, targets)
            return report.exit_code(led, targets)
        finally:
            led.close()
            os.close(lock)

    def _task(self, t, attempt: int) -> dict:
        c = self.c
        return {
            "repo": t.repo, "url": c.url_for(t), "base": t.base, "branch": c.branch, "split": c.split,
            "forge": c.forge, "api_url": c.api_url, "rules": c.rule_table,
            "timeout": c.timeout, "workdir": self.opts.workdir, "attempt": attempt, "title": c.title,
            "campaign": c.name,
        }

    def _record(self, led: Ledger, repo: str, result) -> list[tuple[str, str]]:
        """Write one task's outcome; the (repo, module) keys to publish."""
        if isinstance(result, BaseException):
            with led.tx():
                led.finish(repo, "", L.FAILED, reason="internal", error=f"{type(result).__name__}: {result}"[:2000])
            print(f"gofixleaks batch: {repo}: failed: internal: {result}", file=self.out)
            return []
        state = result.get("state")
        if state == "failed":
            with led.tx():
                led.finish(repo, "", L.FAILED, reason=result.get("reason") or "internal", error=result.get("error", ""),
                           base_sha=result.get("base_sha", ""))
            print(f"gofixleaks batch: {repo}: failed: {result.get('reason')}: {result.get('error', '').splitlines()[0] if result.get('error') else ''}", file=self.out)
            return []
        if state == "skipped" or not result.get("units"):
            with led.tx():
                led.finish(repo, "", L.SKIPPED, error=result.get("error", "") or "no Go module",
                           base_sha=result.get("base_sha", ""))
            return []
        rows = [_unit_row(repo, result, u) for u in result["units"]]
        with led.tx():
            led.replace_repo(repo, rows)
        return [(repo, r.module) for r, _ in rows if r.state == L.RUNNING]

    def _refresh(self, led: Ledger, publisher: Publisher, row: Row) -> None:
        """A PR a person merged or closed since: the row says so."""
        state = publisher.pr_state(row)
        if state in (L.MERGED, L.CLOSED):
            with led.tx():
                led.finish(row.repo, row.module, state)

    def _publish(self, led: Ledger, publisher: Publisher, key: tuple[str, str], bucket: TokenBucket,
                 tries: dict) -> bool:
        """Publish one prepared module; True when it must be tried again later."""
        repo, module = key
        row = led.get(repo, module)
        payload = led.payload(repo, module)
        if row is None or row.state != L.RUNNING or payload is None:
            return False
        tries[key] = tries.get(key, 0) + 1
        outcome = publisher.publish(row, payload)
        if outcome.retry_after is not None and tries[key] < MAX_PUBLISH_TRIES:
            bucket.pause(outcome.retry_after)
            return True
        with led.tx():
            led.finish(repo, module, outcome.state, reason=outcome.reason, error=outcome.error,
                       pr_url=outcome.pr_url, patch=outcome.patch, outcome=outcome.word)
        if outcome.state == L.FAILED:
            print(f"gofixleaks batch: {repo} {module}: failed: {outcome.reason}: {outcome.error}", file=self.out)
        return False


def run(campaign: Campaign, opts: RunOptions, **kw) -> int:
    return Driver(campaign, opts, **kw).run()
