"""Password hashing (argon2) off the event loop, and opaque tokens stored as SHA-256 digests.

An argon2 check costs about 0.1 s of CPU and 64 MiB by design. Run on the event loop it
stalls every request and socket the process serves (30 parallel logins delayed ``/health``
by a second), so the async functions here run it in a small pool of threads (the C code
releases the GIL) and refuse work, 503, once too many checks are already waiting.
"""

import asyncio
import hashlib
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.core.errors import Message, ServiceUnavailable

_hasher = PasswordHasher()
# Verifying against this keeps the time of a login for an unknown e-mail like a real one.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

# Half the cores (at least one): each check already runs its 4 lanes in parallel, and the
# other half stays free for the event loop (reports, sockets, pages).
HASH_THREADS = max(1, (os.cpu_count() or 2) // 2)
# Checks waiting for a thread beyond this are refused at once rather than queued for long.
MAX_WAITING = 64

_pool = ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="argon2")
_pending = 0  # checks running or waiting (touched on the event loop only)
_checks = 0
_checks_lock = threading.Lock()

PASSWORD_CHECKS_BUSY = Message(
    "auth.busy",
    vi="Máy chủ đang xử lý quá nhiều lượt đăng nhập; vui lòng thử lại sau {seconds} giây",
    en="The server is handling too many logins; try again in {seconds} seconds",
)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (blocking: for scripts and tests, not requests)."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; the same work whether or not the hash exists (blocking)."""
    global _checks
    with _checks_lock:
        _checks += 1
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def _off_loop(fn: Callable[..., Any], *args: Any) -> Any:
    global _pending
    if _pending >= HASH_THREADS + MAX_WAITING:
        raise ServiceUnavailable(PASSWORD_CHECKS_BUSY, retry_after=2, seconds=2)
    _pending += 1
    try:
        # A cancelled request (client gone) cancels its check if it has not started yet.
        return await asyncio.get_running_loop().run_in_executor(_pool, fn, *args)
    finally:
        _pending -= 1


async def hash_password_async(password: str) -> str:
    """:func:`hash_password` in the bounded hashing pool; 503 when it is saturated."""
    return await _off_loop(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """:func:`verify_password` in the bounded hashing pool; 503 when it is saturated."""
    return await _off_loop(verify_password, password_hash, password)


def password_checks() -> int:
    """How many password checks this process has run (shows the unknown-account path spends one)."""
    return _checks


def new_token() -> str:
    """A fresh, URL-safe random token (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The stored form of a token: tokens are long and random, so SHA-256 suffices."""
    return hashlib.sha256(token.encode()).hexdigest()
