"""The publish stage's token bucket: one per forge host.

``rate`` tokens a minute, at most ``burst`` saved up; a publish takes one.  A
forge that answers "rate limited" (after the adapter's own bounded retries)
pauses the bucket until its ``Retry-After``.  The clock is injectable so the
tests drive it without sleeping.
"""

from __future__ import annotations

import time
from typing import Callable


class TokenBucket:
    def __init__(self, rate_per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = rate_per_minute / 60.0  # tokens per second; 0 = unlimited
        self.burst = max(1, burst)
        self.clock = clock
        self.tokens = float(self.burst)
        self.last = clock()
        self.paused_until = 0.0

    def _refill(self) -> None:
        now = self.clock()
        if self.rate > 0:
            self.tokens = min(float(self.burst), self.tokens + (now - self.last) * self.rate)
        self.last = now

    def delay(self) -> float:
        """Seconds until a token is available (0: take one now)."""
        if self.rate <= 0:
            return max(0.0, self.paused_until - self.clock())
        self._refill()
        wait = 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate
        return max(wait, self.paused_until - self.clock(), 0.0)

    def take(self) -> bool:
        """Take a token if one is available now."""
        if self.delay() > 0:
            return False
        if self.rate > 0:
            self.tokens -= 1
        return True

    def pause(self, seconds: float) -> None:
        """The forge said to wait: no token before ``seconds`` from now."""
        self.paused_until = max(self.paused_until, self.clock() + max(0.0, seconds))
        if self.rate > 0:
            self.tokens = min(self.tokens, 0.0)
