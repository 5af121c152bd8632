"""Bounded retries of a forge call that was rate limited.

An adapter raises :class:`Throttled` (with the wait the forge asked for, from
``Retry-After`` or ``X-RateLimit-Reset``/``RateLimit-Reset``) and
:func:`call` sleeps and tries again, at most ``max_retries`` times and never
longer than ``max_wait`` seconds in total; past that the caller gets
:class:`~gofixleaks.forge.base.RateLimited` (exit 2 for the bot).
"""

from __future__ import annotations

import time
from typing import Callable, Mapping, TypeVar

from .base import RateLimited

T = TypeVar("T")

MAX_RETRIES = 3
MAX_WAIT = 60.0  # seconds slept in total for one call


class Throttled(Exception):
    def __init__(self, message: str, wait: float | None):
        super().__init__(message)
        self.wait = wait


def wait_from_headers(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the forge asks to wait: ``Retry-After`` (seconds), else the
    reset time of ``X-RateLimit-Reset`` / ``RateLimit-Reset`` (epoch seconds)."""
    h = {k.lower(): v for k, v in headers.items()}
    ra = h.get("retry-after")
    if ra:
        try:
            return max(0.0, float(ra))
        except ValueError:
            pass
    for key in ("x-ratelimit-reset", "ratelimit-reset"):
        if h.get(key):
            try:
                reset = float(h[key])
            except ValueError:
                continue
            return max(0.0, reset - (now if now is not None else time.time()))
    return None


def call(fn: Callable[[], T], what: str, *, max_retries: int = MAX_RETRIES, max_wait: float = MAX_WAIT, sleep: Callable[[float], None] = time.sleep) -> T:
    waited = 0.0
    attempt = 0
    while True:
        try:
            return fn()
        except Throttled as t:
            wait = t.wait if t.wait is not None else float(2**attempt)
            if attempt >= max_retries or waited + wait > max_wait:
                asked = f" (the forge asked to wait {wait:.0f}s)" if t.wait is not None else ""
                raise RateLimited(
                    f"{what}: rate limited by the forge after {attempt + 1} attempt{'s' if attempt else ''}{asked}; try again later",
                    retry_after=t.wait,
                ) from None
            sleep(wait)
            waited += wait
            attempt += 1
