"""Where the per-repository tasks run.

A task is one repository: ``worker.run_task(task) -> dict`` (data only; no
ledger write).  Each executor has the same small interface: ``submit(key,
task)``, ``wait(timeout)`` giving the finished ``(key, result or exception)``
pairs, ``close()``.

- ``local``: a pool of ``jobs`` threads, each running one task at a time in
  its own worker process (``python -m gofixleaks.batch.worker``).  A worker
  process that dies (killed, out of memory) is started again for the same
  task, at most ``retries`` more times.
- ``dask``: a ``distributed.LocalCluster`` on this machine (``jobs`` worker
  processes, one thread each).
- ``tcp://HOST:8786``: an existing Dask scheduler (``dask scheduler`` and
  ``dask worker tcp://HOST:8786`` on the machines, each with gofixleaks
  installed).

With Dask, a task whose worker dies is rescheduled by the scheduler, and a
task that raises (its worker process was killed) is retried (``retries=``).
"""

from __future__ import annotations

import os
import queue
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from ..discovery import UsageError
from .worker import WorkerDied, run_task

RETRIES = 2  # extra attempts of a task whose worker died


class Executor:
    name = ""

    def submit(self, key: str, task: dict) -> None:
        raise NotImplementedError

    def wait(self, timeout: float | None) -> list[tuple[str, Any]]:
        """Finished tasks (at least one unless the timeout passed or nothing is pending)."""
        raise NotImplementedError

    def pending(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return self.name


class LocalExecutor(Executor):
    name = "local"

    def __init__(self, jobs: int | None = None, retries: int = RETRIES, fn=run_task):
        self.fn = fn
        self.jobs = jobs or os.cpu_count() or 1
        self.retries = retries
        self.pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="gofixleaks-batch")
        self.done: queue.Queue = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()

    def describe(self) -> str:
        return f"local ({self.jobs} worker process{'es' if self.jobs != 1 else ''})"

    def _run(self, task: dict) -> dict:
        last: BaseException | None = None
        for _attempt in range(self.retries + 1):
            try:
                return self.fn(task)
            except WorkerDied as e:  # the worker process was killed: run it again
                last = e
        assert last is not None
        raise last

    def submit(self, key: str, task: dict) -> None:
        with self._lock:
            self._pending += 1
        fut: Future = self.pool.submit(self._run, task)
        fut.add_done_callback(lambda f, key=key: self.done.put((key, f)))

    def wait(self, timeout: float | None) -> list[tuple[str, Any]]:
        out = []
        if self.pending() == 0:
            return out
        try:
            item = self.done.get(timeout=timeout)
        except queue.Empty:
            return out
        items = [item]
        while True:
            try:
                items.append(self.done.get_nowait())
            except queue.Empty:
                break
        for key, fut in items:
            with self._lock:
                self._pending -= 1
            exc = fut.exception()
            out.append((key, exc if exc is not None else fut.result()))
        return out

    def pending(self) -> int:
        with self._lock:
            return self._pending

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _import_distributed():
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError("the dask executors need the 'distributed' package: pip install 'gofixleaks[dask]'") from None
    return distributed


class DaskExecutor(Executor):
    """A LocalCluster (``address`` None) or an existing scheduler."""

    def __init__(self, address: str | None = None, jobs: int | None = None, retries: int = RETRIES, fn=run_task):
        distributed = _import_distributed()
        self.fn = fn
        self.retries = retries
        self.cluster = None
        self.address = address
        if address is None:
            self.name = "dask"
            n = jobs or os.cpu_count() or 1
            self.cluster = distributed.LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40,
            )
            self.client = distributed.Client(self.cluster)
        else:
            self.name = address
            try:
                self.client = distributed.Client(address, timeout=15)
            except (OSError, TimeoutError) as e:
                raise UsageError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        self.futures: dict[Any, str] = {}
        self._wait = distributed.wait

    def describe(self) -> str:
        workers = len(self.client.scheduler_info().get("workers", {}))
        where = "LocalCluster" if self.cluster is not None else f"scheduler {self.address}"
        return f"dask ({where}, {workers} worker{'s' if workers != 1 else ''})"

    def submit(self, key: str, task: dict) -> None:
        fut = self.client.submit(self.fn, task, key=f"gofixleaks-{uuid.uuid4().hex}", retries=self.retries, pure=False)
        self.futures[fut] = key

    def wait(self, timeout: float | None) -> list[tuple[str, Any]]:
        out = []
        if not self.futures:
            return out
        try:
            done, _ = self._wait(list(self.futures), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return out
        for fut in done:
            key = self.futures.pop(fut)
            if fut.status == "finished":
                out.append((key, fut.result()))
            else:
                try:
                    exc = fut.exception()
                except BaseException as e:  # cancelled
                    exc = e
                out.append((key, exc))
            fut.release()
        return out

    def pending(self) -> int:
        return len(self.futures)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def make_executor(spec: str, jobs: int | None) -> Executor:
    if spec == "local":
        return LocalExecutor(jobs)
    if spec == "dask":
        return DaskExecutor(None, jobs)
    if spec.startswith("tcp://") or spec.startswith("tls://"):
        return DaskExecutor(spec, jobs)
    raise UsageError(f"--executor must be local, dask or tcp://HOST:PORT, not {spec!r}")
