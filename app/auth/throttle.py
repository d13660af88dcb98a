"""Login throttling per client address and per account+address, with growing waits;
sign-ups per address.

Failures are counted per address (any account) and per account from that address, never
per account alone: a stranger guessing the admin's password slows down only themselves,
and the admin still logs in from anywhere else. Past a number of free failures each
further attempt must wait twice as long as the one before (1 s, 2 s, 4 s … up to a cap);
an attempt that comes early is refused at once, 429 with ``Retry-After``, without
spending a hash. Every attempt counts as a failure from the moment it starts (a success
takes it back), so fifty logins sent in parallel cannot all slip past the count while
their hashes run.

The key is an e-mail as typed, so unknown accounts are throttled exactly like real ones.
Counts live in Redis when there is one (every process counts the same failures), else in
this process; failures are forgotten after a quiet while and the table is bounded, as in
:mod:`app.core.ratelimit`. If Redis cannot answer, this process's counts decide.
"""

import hashlib
import ipaddress
import logging
import time
from dataclasses import dataclass, field

from redis import RedisError

from app.auth.messages import LOGIN_THROTTLED, SIGNUP_THROTTLED
from app.core.config import Settings
from app.core.errors import TooManyRequests
from app.core.ratelimit import Limiter
from app.core.shared_limits import SharedLimits

log = logging.getLogger(__name__)

# Keys kept at most per table; past this the stalest are dropped first.
MAX_KEYS = 100_000


@dataclass
class Backoff:
    """Failures per key: ``free`` of them cost nothing, then waits double up to ``max_wait_s``."""

    free: int
    max_wait_s: float
    forget_after_s: float
    base_wait_s: float = 1.0  # the first wait after the free failures; each more doubles it
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict, repr=False)

    def wait(self, key: str, now: float) -> float:
        """Seconds ``key`` must still wait before its next attempt (0: go ahead)."""
        count, last = self._failures.get(key, (0, now))
        if now - last >= self.forget_after_s:
            del self._failures[key]
            return 0.0
        if count < self.free:
            return 0.0
        delay = min(self.max_wait_s, self.base_wait_s * 2.0 ** (count - self.free))
        return max(0.0, last + delay - now)

    def fail(self, key: str, now: float) -> None:
        count, _last = self._failures.pop(key, (0, now))
        self._failures[key] = (count + 1, now)  # re-inserted: the dict stays oldest-first
        if len(self._failures) > MAX_KEYS:
            self._forget_stale(now)

    def take_back(self, key: str) -> None:
        """Undo one failure (the attempt succeeded or was never judged)."""
        count, last = self._failures.get(key, (0, 0.0))
        if count <= 1:
            self._failures.pop(key, None)
        else:
            self._failures[key] = (count - 1, last)

    def reset(self, key: str) -> None:
        self._failures.pop(key, None)

    def _forget_stale(self, now: float) -> None:
        for key, (_count, last) in list(self._failures.items()):
            if now - last < self.forget_after_s:
                break  # oldest-first: the rest are fresher
            del self._failures[key]
        while len(self._failures) > MAX_KEYS:
            self._failures.pop(next(iter(self._failures)))


@dataclass(frozen=True)
class Attempt:
    """One login attempt in flight: the keys it was counted under."""

    address: str
    account: str


def address_key(host: str | None) -> str:
    """The throttled unit of a client address: the address itself, or its /64 for IPv6
    (one subscriber line gets a whole /64)."""
    if not host:
        return "-"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class AuthThrottle:
    """One app's throttles: logins per address and per account+address, sign-ups per address."""

    def __init__(self, settings: Settings, shared: SharedLimits | None = None) -> None:
        forget = max(settings.login_failure_memory_s, settings.login_max_wait_s)
        self.per_address = Backoff(
            settings.login_free_failures_per_address,
            settings.login_max_wait_s,
            forget,
            settings.login_base_wait_s,
        )
        self.per_account = Backoff(
            settings.login_free_failures,
            settings.login_max_wait_s,
            forget,
            settings.login_base_wait_s,
        )
        self.signups = Limiter(
            "signup", 1 / settings.signup_interval_s, settings.signup_burst, shared
        )
        self.shared = shared

    async def signup(self, host: str | None) -> None:
        """Count a sign-up attempt from ``host``; 429 past the burst (each one spends a hash)."""
        wait = await self.signups.take(address_key(host))
        if wait > 0:
            raise TooManyRequests(SIGNUP_THROTTLED, retry_after=wait)

    async def begin(self, host: str | None, email: str, *, now: float | None = None) -> Attempt:
        """Count an attempt as a failure before its check; 429 if it comes too early."""
        address = address_key(host)
        # Hashed: an e-mail field can be long; the key must stay small.
        digest = hashlib.blake2b(email.strip().lower().encode(), digest_size=16).hexdigest()
        attempt = Attempt(address=address, account=f"{address} {digest}")
        wait = await self._shared_begin(attempt)
        if wait is None:
            wait = self._local_begin(attempt, time.monotonic() if now is None else now)
        if wait > 0:
            raise TooManyRequests(LOGIN_THROTTLED, retry_after=wait)
        return attempt

    async def _shared_begin(self, attempt: Attempt) -> float | None:
        if self.shared is None:
            return None
        try:
            return await self.shared.begin_attempt(
                (attempt.address, attempt.account),
                (self.per_address.free, self.per_account.free),
                max_wait_s=self.per_address.max_wait_s,
                forget_after_s=self.per_address.forget_after_s,
                base_wait_s=self.per_address.base_wait_s,
            )
        except RedisError as exc:
            log.warning("login throttled in this process only: %s", exc)
            return None

    def _local_begin(self, attempt: Attempt, now: float) -> float:
        wait = max(
            self.per_address.wait(attempt.address, now),
            self.per_account.wait(attempt.account, now),
        )
        if wait == 0:
            self.per_address.fail(attempt.address, now)
            self.per_account.fail(attempt.account, now)
        return wait

    async def succeeded(self, attempt: Attempt) -> None:
        """The right password: this account starts afresh from this address; the address
        keeps its other failures (one valid account must not unlock guessing at others)."""
        self.per_account.reset(attempt.account)
        self.per_address.take_back(attempt.address)
        if self.shared is not None:
            try:
                await self.shared.reset(attempt.account)
                await self.shared.take_back(attempt.address)
            except RedisError as exc:
                log.warning("login success not shared: %s", exc)

    async def not_judged(self, attempt: Attempt) -> None:
        """The check could not run (server busy): the attempt does not count."""
        self.per_account.take_back(attempt.account)
        self.per_address.take_back(attempt.address)
        if self.shared is not None:
            try:
                await self.shared.take_back(attempt.account)
                await self.shared.take_back(attempt.address)
            except RedisError as exc:
                log.warning("login attempt not taken back in Redis: %s", exc)
