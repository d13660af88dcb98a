"""Headcount reports: the group-committing recorder and its two entry points.

The reports waiting at a given moment are written in one transaction, and each is
acknowledged only once that transaction has committed.
"""

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance import live_messages as msg
from app.attendance import messages as site_msg
from app.attendance.checkin import CheckIn, Target, agendas, apply_item
from app.attendance.live import (
    REPORTING_STATUSES,
    attendance_closed_reason,
    check_headcount_bound,
)
from app.attendance.models import (
    AttendanceReport,
    PresenceEvent,
    PresenceKind,
    ReportSource,
    SeminarSite,
    SeminarSiteStatus,
)
from app.attendance.ports import LiveEvents
from app.attendance.rollup import LiveChanges, SiteRollup, lock_rollup
from app.attendance.schemas import SiteView
from app.attendance.transitions import check_site_transition
from app.core.db import Database, utcnow
from app.core.errors import (
    RETRY_AFTER_S,
    Conflict,
    DomainError,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    as_domain_error,
    unavailable,
)
from app.core.metrics import NullMetrics
from app.core.ratelimit import Limiter
from app.sites.models import Site

log = logging.getLogger(__name__)
St = SeminarSiteStatus

# The longest a report waits for its commit before the client hears 503 (and retries).
WAIT_S = 5.0
# A check-in waits longer: on PostgreSQL its batch queues on the seminar row behind
# registrations (one transaction each), as it waited when it was one of them.
CHECKIN_WAIT_S = 10.0


@dataclass(frozen=True)
class HeadcountReport:
    """One report: from a site (by its token's hash) or from an organizer (by row id)."""

    headcount: int
    request_id: str
    reported_at: datetime
    token_hash: str | None = None
    seminar_site_id: int | None = None
    source: ReportSource = ReportSource.site
    recorded_by_id: int | None = None
    # When it reached the server (monotonic clock): report → broadcast latency metric.
    arrived: float = field(default_factory=time.monotonic, compare=False)


@dataclass(frozen=True)
class ReportOutcome:
    """The answer to a report; the same answer for a repeated ``request_id``."""

    request_id: str
    applied: bool
    stale: bool
    headcount: int
    received_at: datetime
    seminar_site_id: int
    repeated: bool = False  # a request id seen before (counted apart in the metrics)


# What a batch writes (check-ins join reports: ``app.attendance.checkin``) and answers.
Entry = HeadcountReport | CheckIn
Answer = ReportOutcome | SiteView
Item = tuple[Entry, "asyncio.Future[Answer]"]


class HeadcountRecorder:
    """Writes headcount reports with group commit, isolating faults.

    Callers ``await record(report)``. A single writer task takes every report waiting
    in the queue (up to ``max_batch``), applies them in order in one transaction, commits,
    and only then answers each caller. Under load, one commit serves hundreds of reports;
    when idle, a report is written at once. A batch whose transaction fails is written
    again in halves, so one faulty report fails alone; a passing database fault (busy,
    full, gone) answers the whole batch 503. No caller waits more than ``wait_s``.
    """

    def __init__(
        self,
        db: Database,
        publisher: LiveEvents,
        max_batch: int = 1000,
        metrics: NullMetrics | None = None,
        wait_s: float = WAIT_S,
        site_limit: Limiter | None = None,
    ):
        """``site_limit``: reports per site token (Settings.site_report_burst and _rate)."""
        self.db = db
        self.publisher = publisher
        self.max_batch = max_batch
        self.metrics = metrics or NullMetrics()
        self.wait_s = wait_s
        self.site_limit = site_limit or Limiter("site_reports", rate=1.0, burst=300, shared=None)
        self._queue: asyncio.Queue[Item] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self._batch: list[Item] = []  # being written: answered 503 if the writer dies
        self._closing = False

    async def record(self, report: Entry) -> Answer:
        """Apply one report (or check-in) durably; raises a DomainError when it is refused."""
        if self._closing:
            raise _shutting_down()
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((report, future))
        self._supervise()
        try:
            wait = max(self.wait_s, CHECKIN_WAIT_S) if isinstance(report, CheckIn) else self.wait_s
            async with asyncio.timeout(wait):
                return await asyncio.shield(future)
        except TimeoutError:
            # Not acknowledged. If it is written later, the client's retry (same
            # request id) is answered as a repeat.
            future.cancel()
            if isinstance(report, CheckIn):
                raise ServiceUnavailable(msg.CHECKIN_BUSY, seconds=RETRY_AFTER_S) from None
            raise ServiceUnavailable(msg.RECORDER_BUSY, seconds=RETRY_AFTER_S) from None
        except asyncio.CancelledError:  # the client went away: nobody reads the answer
            future.cancel()
            raise

    async def close(self, drain_s: float = WAIT_S) -> None:
        """Stop (shutdown): refuse new reports, write those queued, refuse what is left."""
        self._closing = True
        if self._writer is not None and not self._writer.done():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(drain_s):
                    await self._queue.join()
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        while not self._queue.empty():
            _report, future = self._queue.get_nowait()
            _answer(future, _shutting_down())

    def _supervise(self) -> None:
        """Start the writer if it is not running (first report, or after a crash)."""
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_forever())
            self._writer.add_done_callback(self._writer_ended)

    def _writer_ended(self, task: "asyncio.Task[None]") -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("headcount writer crashed; restarting it", exc_info=task.exception())
        # Whatever it was writing is not acknowledged: the clients send it again.
        refusal = _shutting_down() if self._closing else unavailable()
        for _report, future in self._batch:
            _answer(future, refusal)
        self._batch = []
        if not self._closing and not self._queue.empty():
            self._supervise()

    async def _write_forever(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                # Reports whose caller gave up (timed out) are not written: they got a 503.
                self._batch = [item for item in batch if not item[1].cancelled()]
                if self._batch:
                    await self._write(self._batch)
                self._batch = []
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _write(self, batch: list[Item], *, retried: bool = False) -> None:
        try:
            results, changes = await self._apply([report for report, _ in batch])
        except Exception as exc:
            await self._failed(batch, exc, retried=retried)
            return
        metrics = self.metrics
        for (report, future), result in zip(batch, results, strict=True):
            if metrics.enabled and isinstance(report, HeadcountReport):
                metrics.report(_outcome_label(result))
            _answer(future, result)
        if changes is not None:
            origin = min(report.arrived for report, _ in batch) if metrics.enabled else None
            self.publisher.publish_changes(changes, origin=origin)

    async def _failed(self, batch: list[Item], exc: Exception, *, retried: bool) -> None:
        """The transaction failed: nobody in ``batch`` is acknowledged; isolate the cause."""
        fault = as_domain_error(exc)
        if fault is not None:  # busy, locked, full, gone: it passes, every report waits
            log.warning("headcount batch of %d not written: %r", len(batch), exc)
            self.metrics.report("failed", len(batch))
            for _report, future in batch:
                _answer(future, fault)
            return
        if len(batch) > 1:
            # One report breaks the transaction: write the halves apart, in order, so
            # only that one fails (a few commits per faulty report, not one per report).
            half = len(batch) // 2
            await self._write(batch[:half])
            await self._write(batch[half:])
            return
        if isinstance(exc, IntegrityError) and not retried:
            # Another process wrote this request id first (PostgreSQL, several workers):
            # once more, it is found and answered as a repeat.
            await self._write(batch, retried=True)
            return
        report, future = batch[0]
        if isinstance(report, CheckIn):
            log.error("check-in not recorded", exc_info=exc)
            _answer(future, Unprocessable(msg.CHECKIN_NOT_RECORDED))
            return
        log.error("headcount report %r not recorded", report.request_id, exc_info=exc)
        self.metrics.report("failed")
        _answer(future, Unprocessable(msg.REPORT_NOT_RECORDED))

    async def _apply(
        self, reports: list[Entry]
    ) -> tuple[list[Answer | DomainError], LiveChanges | None]:
        async with self.db.write_sessions() as session:
            targets = await self._targets(session, reports)
            rollup = await lock_rollup(session, {t.row_id for t in targets.values()})
            prior = await self._prior_reports(session, reports, targets)
            now = utcnow()
            checking_in = {
                rollup.rows[targets[r.token_hash].row_id].seminar_id
                for r in reports
                if isinstance(r, CheckIn) and r.token_hash in targets
            }
            agenda = await agendas(session, checking_in)
            results: list[Answer | DomainError] = []
            log_rows: list[dict[str, object]] = []  # the batch's log, inserted at once
            for report in reports:
                key = report.token_hash or report.seminar_site_id
                target = targets.get(key)
                if target is None:
                    results.append(_unknown_target(report))
                    continue
                row = rollup.rows[target.row_id]
                if isinstance(report, CheckIn):
                    try:
                        view = apply_item(session, rollup, row, target, agenda[row.seminar_id], now)
                    except DomainError as refusal:
                        view = refusal
                    results.append(view)
                    continue
                seen = prior.get((row.id, report.request_id))
                if seen is not None:
                    results.append(_repeat(seen, row))
                    continue
                try:
                    outcome = self._apply_one(session, rollup, row, target.capacity, report, now)
                    log_rows.append(_log_row(row.id, report, outcome))
                except DomainError as refusal:
                    results.append(refusal)
                    continue
                prior[(row.id, report.request_id)] = outcome
                results.append(outcome)
            if log_rows:
                # One statement for the batch (executemany / multi-row VALUES on
                # PostgreSQL); the site rows' updates are batched by the flush alike.
                await session.execute(insert(AttendanceReport), log_rows)
            changes = await rollup.changes(session) if rollup.changed else None
            await session.commit()
        return results, changes

    @staticmethod
    async def _targets(
        session: AsyncSession, reports: list[Entry]
    ) -> dict[str | int | None, Target]:
        """token hash or row id → its row and site, in one query."""
        hashes = {r.token_hash for r in reports if r.token_hash}
        ids = {
            r.seminar_site_id
            for r in reports
            if isinstance(r, HeadcountReport) and r.seminar_site_id is not None
        }
        query = select(
            SeminarSite.id, SeminarSite.token_hash, Site.capacity, Site.id, Site.code, Site.name
        ).join(Site, Site.id == SeminarSite.site_id)
        found = await session.execute(
            query.where(SeminarSite.token_hash.in_(hashes) | SeminarSite.id.in_(ids))
        )
        targets: dict[str | int | None, Target] = {}
        for row_id, token_hash, *site in found:
            targets[token_hash] = targets[row_id] = Target(row_id, *site)
        return targets

    @staticmethod
    async def _prior_reports(
        session: AsyncSession,
        reports: list[Entry],
        targets: dict[str | int | None, Target],
    ) -> dict[tuple[int, str], ReportOutcome]:
        """Reports already recorded under these request ids (repeats are answered alike)."""
        request_ids = {r.request_id for r in reports if isinstance(r, HeadcountReport)}
        if not request_ids:
            return {}
        row_ids = {t.row_id for t in targets.values()}
        found = await session.execute(
            select(AttendanceReport).where(
                AttendanceReport.seminar_site_id.in_(row_ids),
                AttendanceReport.request_id.in_(request_ids),
            )
        )
        return {
            (r.seminar_site_id, r.request_id): ReportOutcome(
                request_id=r.request_id,
                applied=r.applied,
                stale=not r.applied,
                headcount=r.headcount,
                received_at=r.received_at,
                seminar_site_id=r.seminar_site_id,
            )
            for r in found.scalars()
        }

    @staticmethod
    def _apply_one(
        session: AsyncSession,
        rollup: SiteRollup,
        row: SeminarSite,
        capacity: int | None,
        report: HeadcountReport,
        now: datetime,
    ) -> ReportOutcome:
        seminar = rollup.seminars[row.seminar_id]
        refusal = attendance_closed_reason(seminar, now)
        if refusal is not None:
            raise refusal
        # A site reports once it has checked in; an organizer may report for a site that
        # has only registered (checking it in). Either way the move is the table's.
        if report.source == ReportSource.site and row.status not in REPORTING_STATUSES:
            raise Conflict(msg.REPORT_BEFORE_CHECKIN)
        check_site_transition(row.status, St.checked_in, msg.OVERRIDE_NOT_REGISTERED)
        check_headcount_bound(capacity, report.headcount)
        if row.status != St.checked_in:
            kind = (
                PresenceKind.reconnected
                if row.status == St.disconnected
                else PresenceKind.checked_in
            )
            if row.checked_in_at is None:
                row.checked_in_at = now
            session.add(PresenceEvent(seminar_site_id=row.id, kind=kind, at=now))
        # An organizer's override always applies; a site's report older (by its own clock)
        # than the one already applied is kept in the log only.
        latest = row.latest_reported_at
        stale = (
            report.source == ReportSource.site
            and latest is not None
            and report.reported_at < latest
        )
        if stale:
            rollup.set_state(row, now, status=St.checked_in)
        else:
            rollup.set_state(row, now, status=St.checked_in, headcount=report.headcount)
            if latest is None or report.reported_at > latest:
                row.latest_reported_at = report.reported_at
        row.last_report_at = now
        return ReportOutcome(
            request_id=report.request_id,
            applied=not stale,
            stale=stale,
            headcount=row.headcount,
            received_at=now,
            seminar_site_id=row.id,
        )


def _log_row(row_id: int, report: HeadcountReport, outcome: ReportOutcome) -> dict[str, object]:
    """The ``attendance_reports`` row of an applied (or stale) report."""
    return {
        "seminar_site_id": row_id,
        "headcount": report.headcount,
        "reported_at": report.reported_at,
        "received_at": outcome.received_at,
        "request_id": report.request_id,
        "applied": outcome.applied,
        "source": report.source,
        "recorded_by_id": report.recorded_by_id,
    }


def _answer(future: "asyncio.Future[Answer]", result: Answer | Exception) -> None:
    """Answer a waiting caller once (a caller that timed out has cancelled its future)."""
    if future.done():
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)


def _shutting_down() -> ServiceUnavailable:
    return ServiceUnavailable(msg.SHUTTING_DOWN, seconds=RETRY_AFTER_S)


def _outcome_label(result: Answer | DomainError) -> str:
    if not isinstance(result, ReportOutcome):
        return "refused"
    if result.repeated:
        return "repeated"
    return "applied" if result.applied else "stale"


def _unknown_target(report: Entry) -> DomainError:
    if isinstance(report, CheckIn):  # refused in the words of the rest of the site API
        return Unauthorized(site_msg.SITE_TOKEN_UNKNOWN, headers=None)
    if report.token_hash is not None:
        return Unauthorized(msg.SITE_TOKEN_UNKNOWN, headers=None)
    return Conflict(msg.SITE_NO_LONGER_PARTICIPATING)


def _repeat(seen: ReportOutcome, row: SeminarSite) -> ReportOutcome:
    """A repeated request id: acknowledged again, applied once."""
    return ReportOutcome(
        request_id=seen.request_id,
        applied=seen.applied,
        stale=seen.stale,
        headcount=row.headcount,
        received_at=seen.received_at,
        seminar_site_id=row.id,
        repeated=True,
    )
