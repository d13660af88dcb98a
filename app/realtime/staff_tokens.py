"""Open staff sockets lose their view once their token stops working.

A staff view is admitted with an access token; the token may be revoked later (logout,
an admin deactivating the account or changing its password) while the socket stays
open and keeps receiving staff-only messages (names, phones). Each process re-checks
the tokens of its own staff sockets, all in one query, every ``interval_s`` and
disconnects those whose token no longer lets its user in; every process doing so
covers the sockets wherever they are, with no shared registry.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from app.auth.service import valid_token_hashes
from app.core.db import Database

log = logging.getLogger(__name__)


class StaffTokenWatch:
    """The staff sockets of this process and the periodic check of their tokens."""

    def __init__(
        self, db: Database, disconnect: Callable[[str], Awaitable[None]], interval_s: float
    ):
        self.db = db
        self.disconnect = disconnect
        self.interval_s = interval_s
        self._tokens: dict[str, str] = {}  # socket id → token hash
        self._task: asyncio.Task[None] | None = None

    def admitted(self, sid: str, token_hash: str) -> None:
        """A staff socket opened with this token; the checks run while there are any."""
        self._tokens[sid] = token_hash
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._watch())

    def left(self, sid: str) -> None:
        self._tokens.pop(sid, None)

    async def check(self) -> None:
        """Disconnect the sockets whose token no longer works (one query for all)."""
        if not self._tokens:
            return
        async with self.db.read_sessions() as session:
            valid = await valid_token_hashes(session, set(self._tokens.values()))
        for sid, token_hash in list(self._tokens.items()):
            if token_hash not in valid:
                self._tokens.pop(sid, None)
                await self.disconnect(sid)

    async def _watch(self) -> None:
        while self._tokens:
            await asyncio.sleep(self.interval_s)
            try:
                await self.check()
            except Exception:  # the database is busy or down: try again next time
                log.warning("staff tokens not checked", exc_info=True)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
