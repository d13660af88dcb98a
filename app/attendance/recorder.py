"""Headcount reports: the group-committing recorder and its two entry points.

The reports waiting at a given moment are written in one transaction, and each is
acknowledged only once that transaction has committed.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

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
from app.attendance.rollup import LiveChanges, SiteRollup, lock_rollup
from app.auth.permissions import require_staff
from app.core.db import Database, utcnow
from app.core.errors import Conflict, DomainError, NotFound, Unauthorized
from app.core.metrics import NullMetrics
from app.core.security import hash_token
from app.sites.models import Site
from app.users.models import User

if TYPE_CHECKING:
    from app.realtime.publisher import LivePublisher

log = logging.getLogger(__name__)
St = SeminarSiteStatus


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


class HeadcountRecorder:
    """Writes headcount reports with group commit.

    Callers ``await record(report)``. A single writer task takes every report waiting
    in the queue (up to ``max_batch``), applies them in order in one transaction, commits,
    and only then answers each caller. Under load, one commit serves hundreds of reports;
    when idle, a report is written at once.
    """

    def __init__(
        self,
        db: Database,
        publisher: "LivePublisher",
        max_batch: int = 1000,
        metrics: NullMetrics | None = None,
    ):
        self.db = db
        self.publisher = publisher
        self.max_batch = max_batch
        self.metrics = metrics or NullMetrics()
        self._queue: asyncio.Queue[tuple[HeadcountReport, asyncio.Future[ReportOutcome]]] = (
            asyncio.Queue()
        )
        self._writer: asyncio.Task[None] | None = None

    async def record(self, report: HeadcountReport) -> ReportOutcome:
        """Apply one report durably; raises a DomainError when it is refused."""
        future: asyncio.Future[ReportOutcome] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((report, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_forever())
        return await asyncio.shield(future)

    async def close(self) -> None:
        """Stop the writer (shutdown); reports still queued are refused."""
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        while not self._queue.empty():
            _report, future = self._queue.get_nowait()
            if not future.done():
                future.set_exception(Conflict("The server is shutting down; send it again"))

    async def _write_forever(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._write(batch)

    async def _write(
        self, batch: list[tuple[HeadcountReport, asyncio.Future[ReportOutcome]]]
    ) -> None:
        try:
            results, changes = await self._apply([report for report, _ in batch])
        except IntegrityError:
            # Another process wrote one of these request ids first (PostgreSQL with
            # several workers): retry one by one so the others still go through.
            if len(batch) > 1:
                for item in batch:
                    await self._write([item])
                return
            results, changes = await self._apply([batch[0][0]])
        except Exception as exc:  # the transaction failed: nobody is acknowledged
            log.exception("headcount batch of %d failed", len(batch))
            self.metrics.report("failed", len(batch))
            for _report, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        metrics = self.metrics
        for (_report, future), result in zip(batch, results, strict=True):
            if metrics.enabled:
                metrics.report(_outcome_label(result))
            if future.done():
                continue
            if isinstance(result, DomainError):
                future.set_exception(result)
            else:
                future.set_result(result)
        if changes is not None:
            origin = min(report.arrived for report, _ in batch) if metrics.enabled else None
            self.publisher.publish_changes(changes, origin=origin)

    async def _apply(
        self, reports: list[HeadcountReport]
    ) -> tuple[list[ReportOutcome | DomainError], LiveChanges | None]:
        async with self.db.write_sessions() as session:
            targets = await self._targets(session, reports)
            rollup = await lock_rollup(session, {row_id for row_id, _cap in targets.values()})
            prior = await self._prior_reports(session, reports, targets)
            now = utcnow()
            results: list[ReportOutcome | DomainError] = []
            for report in reports:
                key = report.token_hash or report.seminar_site_id
                target = targets.get(key)
                if target is None:
                    results.append(_unknown_target(report))
                    continue
                row = rollup.rows[target[0]]
                seen = prior.get((row.id, report.request_id))
                if seen is not None:
                    results.append(_repeat(seen, row))
                    continue
                try:
                    outcome = self._apply_one(session, rollup, row, target[1], report, now)
                except DomainError as refusal:
                    results.append(refusal)
                    continue
                prior[(row.id, report.request_id)] = outcome
                results.append(outcome)
            changes = await rollup.changes(session) if rollup.changed else None
            await session.commit()
        return results, changes

    @staticmethod
    async def _targets(
        session: AsyncSession, reports: list[HeadcountReport]
    ) -> dict[str | int | None, tuple[int, int | None]]:
        """token hash or row id → (row id, site capacity), in one query."""
        hashes = {r.token_hash for r in reports if r.token_hash}
        ids = {r.seminar_site_id for r in reports if r.seminar_site_id is not None}
        query = select(SeminarSite.id, SeminarSite.token_hash, Site.capacity).join(
            Site, Site.id == SeminarSite.site_id
        )
        found = await session.execute(
            query.where(SeminarSite.token_hash.in_(hashes) | SeminarSite.id.in_(ids))
        )
        targets: dict[str | int | None, tuple[int, int | None]] = {}
        for row_id, token_hash, capacity in found:
            targets[token_hash] = (row_id, capacity)
            targets[row_id] = (row_id, capacity)
        return targets

    @staticmethod
    async def _prior_reports(
        session: AsyncSession,
        reports: list[HeadcountReport],
        targets: dict[str | int | None, tuple[int, int | None]],
    ) -> dict[tuple[int, str], ReportOutcome]:
        """Reports already recorded under these request ids (repeats are answered alike)."""
        row_ids = {t[0] for t in targets.values()}
        request_ids = {r.request_id for r in reports}
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
        reason = attendance_closed_reason(seminar, now)
        if reason is not None:
            raise Conflict(reason)
        if report.source == ReportSource.organizer:
            if row.status in (St.invited, St.declined):
                raise Conflict(
                    f"The site is {row.status.value}: register it before reporting its headcount"
                )
        elif row.status not in REPORTING_STATUSES:
            raise Conflict("Check in first: headcount reports come from checked-in sites")
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
        session.add(
            AttendanceReport(
                seminar_site_id=row.id,
                headcount=report.headcount,
                reported_at=report.reported_at,
                received_at=now,
                request_id=report.request_id,
                applied=not stale,
                source=report.source,
                recorded_by_id=report.recorded_by_id,
            )
        )
        return ReportOutcome(
            request_id=report.request_id,
            applied=not stale,
            stale=stale,
            headcount=row.headcount,
            received_at=now,
            seminar_site_id=row.id,
        )


def _outcome_label(result: ReportOutcome | DomainError) -> str:
    if isinstance(result, DomainError):
        return "refused"
    if result.repeated:
        return "repeated"
    return "applied" if result.applied else "stale"


async def record_site_report(
    recorder: HeadcountRecorder, token: str, headcount: int, request_id: str, reported_at: datetime
) -> ReportOutcome:
    """A site's own report, identified by its check-in token (checked with the batch)."""
    return await recorder.record(
        HeadcountReport(
            headcount=headcount,
            request_id=request_id,
            reported_at=reported_at,
            token_hash=hash_token(token),
        )
    )


def _unknown_target(report: HeadcountReport) -> DomainError:
    if report.token_hash is not None:
        return Unauthorized(
            "Unknown or replaced site token; ask the organizers for a new check-in link",
            headers=None,
        )
    return Conflict("The site is not taking part in this seminar")


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


async def override_headcount(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    site_id: int,
    headcount: int,
    request_id: str | None,
    recorder: HeadcountRecorder,
) -> ReportOutcome:
    """An organizer sets a site's headcount (the main hall's, or one taken by phone).

    Recorded in the log as the organizer's; a registered site is checked in by it.
    """
    require_staff(actor)
    row_id = await session.scalar(
        select(SeminarSite.id).where(
            SeminarSite.seminar_id == seminar_id, SeminarSite.site_id == site_id
        )
    )
    if row_id is None:
        raise NotFound(f"Site {site_id} is not invited to seminar {seminar_id}")
    actor_id = actor.id
    # The recorder writes in its own transaction: release this one's lock first (this
    # also expires the session's objects, hence actor_id read above).
    await session.rollback()
    now = utcnow()
    return await recorder.record(
        HeadcountReport(
            headcount=headcount,
            request_id=request_id or f"organizer-{uuid.uuid4()}",
            reported_at=now,
            seminar_site_id=row_id,
            source=ReportSource.organizer,
            recorded_by_id=actor_id,
        )
    )
