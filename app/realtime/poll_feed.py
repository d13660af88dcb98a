"""``poll`` messages: at most one per ``POLL_INTERVAL_S`` per poll, whatever the number
of processes (a Redis gate, like the sites' totals), with values read when sent.

A change marks the poll due. Without Redis, this process sends it at once, or when the
interval since its last message has passed. With Redis, the mark goes to Redis and
whichever process finds the poll's gate open (an expiring key) takes the mark and sends;
the others wait for the gate and find nothing left. Views get the message while the
poll is shown live or published (numbered like every view message); otherwise the
organizers' staff views get it (not numbered) and site pages get it with the counts
hidden, so a site page still learns that a poll opened or closed.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from redis import RedisError

from app.polls.live import poll_message
from app.realtime.shared import SharedLive

if TYPE_CHECKING:
    from app.realtime.reload import LiveReader

POLL_INTERVAL_S = 0.5
POLL_RETRY_S = 1.0
CLOSING_MARGIN_S = 0.05  # past closes_at, so that the poll reads closed when read

log = logging.getLogger(__name__)


@dataclass
class PollGate:
    seminar_id: int
    dirty: bool = False
    last: float = float("-inf")
    handle: asyncio.TimerHandle | None = None
    task: "asyncio.Task[None] | None" = None
    # At the poll's closes_at: one more message (it reads closed from then on).
    closing: asyncio.TimerHandle | None = None


class PollBroadcasts:
    """Methods of ``LivePublisher`` for polls."""

    shared: SharedLive | None
    reader: "LiveReader | None"
    _tasks: set["asyncio.Task[None]"]

    _poll_gates: dict[int, PollGate]
    publish: Callable[..., Awaitable[None]]
    publish_staff: Callable[..., Awaitable[None]]

    def poll_changed(self, seminar_id: int, poll_id: int) -> None:
        """Mark the poll due; its message goes out coalesced (see the module)."""
        if self.reader is None:
            return  # no database to read the values from (command-line tools)
        gate = self._poll_gates.setdefault(poll_id, PollGate(seminar_id))
        gate.dirty = True
        self._poll_later(poll_id, gate)

    def _poll_later(self, poll_id: int, gate: PollGate, delay: float | None = None) -> None:
        if gate.handle is not None or gate.task is not None:
            return  # already due, or being sent (it schedules the next when done)
        loop = asyncio.get_running_loop()
        if delay is None:
            delay = 0.0 if self.shared is not None else gate.last + POLL_INTERVAL_S - loop.time()
        gate.handle = loop.call_later(max(0.0, delay), self._start_poll, poll_id)

    def _start_poll(self, poll_id: int) -> None:
        gate = self._poll_gates[poll_id]
        gate.handle = None
        gate.task = asyncio.get_running_loop().create_task(self._send_poll(poll_id, gate))
        self._tasks.add(gate.task)
        gate.task.add_done_callback(self._tasks.discard)

    async def _send_poll(self, poll_id: int, gate: PollGate) -> None:
        retry: float | None = None
        try:
            if self.shared is None:
                gate.dirty = False
                gate.last = asyncio.get_running_loop().time()
                await self._emit_poll(poll_id)
            else:
                if gate.dirty:
                    gate.dirty = False
                    await self.shared.mark_poll(gate.seminar_id, poll_id)
                wait = await self.shared.take_poll(gate.seminar_id, poll_id, POLL_INTERVAL_S)
                if wait > 0:
                    retry = wait  # sent by some process just now: the mark waits in Redis
                elif wait == 0:
                    await self._emit_poll(poll_id)
        except RedisError as exc:
            log.warning("poll %s: message waits for Redis: %r", poll_id, exc)
            gate.dirty, retry = True, POLL_RETRY_S
        except Exception:
            log.exception("poll %s: message not sent", poll_id)
        finally:
            gate.task = None
        if retry is not None:
            self._poll_later(poll_id, gate, retry)
        elif gate.dirty:
            self._poll_later(poll_id, gate)

    def _closing_later(self, poll_id: int, closes_at: datetime | None) -> None:
        gate = self._poll_gates[poll_id]
        if gate.closing is not None:
            gate.closing.cancel()
            gate.closing = None
        if closes_at is not None:
            delay = (closes_at - datetime.now(UTC)).total_seconds() + CLOSING_MARGIN_S
            loop = asyncio.get_running_loop()
            gate.closing = loop.call_later(
                max(0.0, delay), self.poll_changed, gate.seminar_id, poll_id
            )

    async def _emit_poll(self, poll_id: int) -> None:
        assert self.reader is not None
        async with self.reader.db.read_sessions() as session:
            found = await poll_message(session, poll_id)
        if found is None:
            return
        seminar_id = found.seminar_id
        self._closing_later(poll_id, found.closes_at)
        if found.public:
            await self.publish(seminar_id, "poll", {"poll": found.figures, "results_hidden": False})
            return
        staff = {"version": None, "poll": found.figures, "results_hidden": False}
        await self.publish_staff(seminar_id, None, "poll", staff)
        hidden = {"poll": found.hidden, "results_hidden": True}
        await self.publish(seminar_id, "poll", hidden, views=False)
