"""Rate limits: token buckets keyed by a string (an IP, a token's hash, an account+IP).

Each bucket holds ``burst`` tokens and refills at ``rate`` per second; a request takes one.
Refused requests learn how long to wait (``Retry-After``). ``RateLimit`` keeps its buckets
in this process (idle ones are dropped so memory stays bounded); ``Limiter`` keeps them in
Redis when there is one, so that N processes allow a client its rate once, not N times.
"""

import logging
import time
from dataclasses import dataclass, field

from redis import RedisError

from app.core.shared_limits import SharedLimits

log = logging.getLogger(__name__)

# Buckets kept at most; past this the fullest (idle) ones are dropped first.
MAX_KEYS = 100_000


@dataclass
class RateLimit:
    """``burst`` requests at once, then ``rate`` per second, per key."""

    rate: float
    burst: float
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)

    def take(self, key: str, cost: float = 1.0, *, now: float | None = None) -> float:
        """Spend ``cost`` for ``key``: 0 when allowed, else the seconds to wait (nothing spent)."""
        now = time.monotonic() if now is None else now
        tokens, stamp = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - stamp) * self.rate)
        if tokens >= cost:
            self._buckets[key] = (tokens - cost, now)
            if len(self._buckets) > MAX_KEYS:
                self._forget_idle(now)
            return 0.0
        self._buckets[key] = (tokens, now)
        return (cost - tokens) / self.rate if self.rate > 0 else float("inf")

    def reset(self, key: str) -> None:
        self._buckets.pop(key, None)

    def _forget_idle(self, now: float) -> None:
        full_after = self.burst / self.rate if self.rate > 0 else float("inf")
        for key, (_tokens, stamp) in list(self._buckets.items()):
            if now - stamp >= full_after:
                del self._buckets[key]
        while len(self._buckets) > MAX_KEYS:  # all busy: drop the oldest
            self._buckets.pop(next(iter(self._buckets)))


class Limiter:
    """A rate limit shared by every process (Redis), or this process's own without Redis.

    If Redis cannot answer, the process's own buckets decide meanwhile: a Redis restart
    neither lets everything through nor refuses everyone.
    """

    def __init__(self, name: str, rate: float, burst: float, shared: SharedLimits | None):
        self.name = name
        self.rate = rate
        self.burst = burst
        self.shared = shared
        self.local = RateLimit(rate, burst)

    async def take(self, key: str, cost: float = 1.0) -> float:
        """Spend ``cost`` for ``key``: 0 when allowed, else the seconds to wait."""
        if self.shared is not None:
            try:
                return await self.shared.take(self.name, key, self.rate, self.burst, cost)
            except RedisError as exc:
                log.warning("rate limit %s checked in this process only: %s", self.name, exc)
        return self.local.take(key, cost)
