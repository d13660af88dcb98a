"""Live attendance: check-in, headcount reports, presence and the roll-up up the site tree.

Totals are maintained incrementally. A change at one site updates that site, each of
its participating ancestors (their subtree totals) and the seminar row: O(depth of the
tree), whatever the number of sites or viewers. Headcount reports go through a
group-committing recorder: the reports waiting at a given moment are written in one
transaction, and each is acknowledged only once that transaction has committed.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.attendance.membership import view_scopes
from app.attendance.models import (
    AttendanceReport,
    PresenceEvent,
    PresenceKind,
    ReportSource,
    SeminarSite,
    SeminarSiteStatus,
)
from app.attendance.rollup import (
    LiveChanges,
    SiteRollup,
    lock_rollup,
    seminar_totals,
    subtree_totals,
)
from app.auth.permissions import require_staff
from app.core.db import Database, utcnow
from app.core.errors import Conflict, DomainError, NotFound, Unauthorized, Unprocessable
from app.core.metrics import NullMetrics
from app.core.security import hash_token
from app.seminars.access import require_member
from app.seminars.models import Seminar, SeminarStatus
from app.seminars.service import (
    REGISTERED_SITE_STATUSES,
    agenda_current,
    load_seminar,
    running_agenda_item,
)
from app.sites.models import Site
from app.users.models import User

if TYPE_CHECKING:
    from app.realtime.publisher import LivePublisher

log = logging.getLogger(__name__)
St = SeminarSiteStatus

# A headcount above this is a typo, whatever the room (DESIGN: a sane bound).
MAX_HEADCOUNT = 100_000
# With a known capacity, more than this many times it is refused too.
CAPACITY_FACTOR = 10
# Reports whose site has checked in (a disconnected site reporting is back).
_REPORTING_STATUSES = frozenset({St.checked_in, St.disconnected})


# --- the rules --------------------------------------------------------------------------------


def seminar_day_started(seminar: Seminar, now: datetime) -> bool:
    """True from 00:00 of the seminar's day, in its own time zone."""
    tz = ZoneInfo(seminar.timezone)
    return now.astimezone(tz).date() >= seminar.starts_at.astimezone(tz).date()


def attendance_closed_reason(seminar: Seminar, now: datetime) -> str | None:
    """None while check-in and reports are accepted, else why not (for the 409)."""
    if seminar.status == SeminarStatus.live:
        return None
    if seminar.status == SeminarStatus.published:
        if seminar_day_started(seminar, now):
            return None
        day = seminar.starts_at.astimezone(ZoneInfo(seminar.timezone)).strftime("%d/%m/%Y")
        return f"Check-in and headcount open on the seminar's day ({day}) or once it is live"
    if seminar.status == SeminarStatus.ended:
        return "The seminar has ended: attendance is closed"
    return f"The seminar is {seminar.status.value}: attendance is not open"


def _check_headcount_bound(capacity: int | None, headcount: int) -> None:
    bound = MAX_HEADCOUNT
    if capacity:
        bound = min(bound, max(capacity * CAPACITY_FACTOR, 10))
    if headcount > bound:
        raise Unprocessable(
            f"headcount {headcount} is implausible for this site (at most {bound}); "
            "report the number of people in the room now"
        )


async def check_in(session: AsyncSession, row: SeminarSite, publisher: "LivePublisher") -> None:
    """registered → checked_in (a disconnected site checking in again is back).

    Checking in again while checked in changes nothing: phones on a bad network repeat.
    """
    seminar = await session.get(Seminar, row.seminar_id)
    assert seminar is not None
    now = utcnow()
    reason = attendance_closed_reason(seminar, now)
    if reason is not None:
        raise Conflict(reason)
    if row.status == St.checked_in:
        return
    if row.status not in (St.registered, St.disconnected):
        raise Conflict(
            f"A site that is {row.status.value} cannot check in; register first"
            if row.status == St.invited
            else f"A site that is {row.status.value} cannot check in"
        )
    rollup = await lock_rollup(session, [row.id])
    locked = rollup.rows[row.id]
    kind = PresenceKind.checked_in if locked.status == St.registered else PresenceKind.reconnected
    if locked.checked_in_at is None:
        locked.checked_in_at = now
    rollup.set_state(locked, now, status=St.checked_in)
    session.add(PresenceEvent(seminar_site_id=locked.id, kind=kind, at=now))
    changes = await rollup.changes(session)
    await session.commit()
    publisher.publish_changes(changes)


async def set_presence(
    db: Database, row_id: int, *, present: bool, since: datetime | None, publisher: "LivePublisher"
) -> bool:
    """A site's socket came back (``present``) or has been gone since ``since``.

    Going: a checked-in site with no report after ``since`` becomes disconnected and its
    headcount leaves the totals. Coming back: a disconnected site is checked in again.
    Returns whether anything changed.
    """
    async with db.write_sessions() as session:
        rollup = await lock_rollup(session, [row_id])
        row = rollup.rows.get(row_id)
        if row is None:
            return False
        seminar = rollup.seminars[row.seminar_id]
        now = utcnow()
        if present:
            if row.status != St.disconnected or seminar.status != SeminarStatus.live:
                return False
            rollup.set_state(row, now, status=St.checked_in)
            kind = PresenceKind.reconnected
        else:
            reported_since = (
                row.last_report_at is not None
                and since is not None
                and (row.last_report_at >= since)
            )
            if row.status != St.checked_in or reported_since:
                return False
            rollup.set_state(row, now, status=St.disconnected)
            kind = PresenceKind.disconnected
        session.add(PresenceEvent(seminar_site_id=row.id, kind=kind, at=now))
        changes = await rollup.changes(session)
        await session.commit()
    publisher.publish_changes(changes)
    return True


# --- headcount reports ------------------------------------------------------------------------


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
        elif row.status not in _REPORTING_STATUSES:
            raise Conflict("Check in first: headcount reports come from checked-in sites")
        _check_headcount_bound(capacity, report.headcount)
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


# --- reading the live state -------------------------------------------------------------------


# The coordinator a site registered with, else the directory's (to phone sites that
# have not registered yet).
_PERSONAL_COLUMNS = (
    SeminarSite.expected_attendees,
    SeminarSite.checked_in_at,
    SeminarSite.last_report_at,
    func.coalesce(SeminarSite.coordinator_name, Site.coordinator_name),
    func.coalesce(SeminarSite.coordinator_phone, Site.coordinator_phone),
)


async def view_rows(
    session: AsyncSession, seminar_id: int, scope: int | None, *, personal: bool
) -> list[dict[str, Any]]:
    """The direct children of ``scope`` (None: the top level), Vietnamese order.

    Read as plain columns, not ORM objects: a national view lists tens of thousands of
    sites and the snapshot must stay fast. ``personal`` adds the coordinator's contact
    and the organizers' columns (staff only).
    """
    columns = [
        SeminarSite.site_id,
        Site.code,
        Site.name,
        SeminarSite.status,
        SeminarSite.subtree_headcount,
        SeminarSite.headcount,
        SeminarSite.peak_headcount,
        SeminarSite.is_main,
        SeminarSite.parent_site_id,
        SeminarSite.children_count,
    ]
    if personal:
        columns.extend(_PERSONAL_COLUMNS)
    parent = (
        SeminarSite.parent_site_id.is_(None)
        if scope is None
        else SeminarSite.parent_site_id == scope
    )
    result = await session.execute(
        select(*columns)
        .join(Site, Site.id == SeminarSite.site_id)
        .where(SeminarSite.seminar_id == seminar_id, parent)
        .order_by(SeminarSite.is_main.desc(), Site.sort_key, Site.id)
    )
    rows = []
    for r in result:
        row = {
            "id": r[0],
            "code": r[1],
            "name": r[2],
            "status": r[3].value,
            "headcount": r[4],
            "own_headcount": r[5] if r[3] == St.checked_in else 0,
            "peak_headcount": r[6],
            "is_main": r[7],
            "parent_id": r[8],
            "children": r[9],
        }
        if personal:
            row.update(
                expected_attendees=r[10],
                checked_in_at=r[11].isoformat() if r[11] else None,
                last_report_at=r[12].isoformat() if r[12] else None,
                coordinator_name=r[13],
                coordinator_phone=r[14],
            )
        rows.append(row)
    return rows


async def view_totals(session: AsyncSession, seminar: Seminar, scope: int | None) -> dict[str, Any]:
    """The totals of a view: the seminar's, or one subtree's (404 if not participating)."""
    if scope is None:
        return seminar_totals(seminar)
    root = await session.scalar(
        select(SeminarSite).where(
            SeminarSite.seminar_id == seminar.id, SeminarSite.site_id == scope
        )
    )
    if root is None:
        raise NotFound(f"Site {scope} does not take part in seminar {seminar.id}")
    members = list(
        (
            await session.execute(
                select(SeminarSite.status, SeminarSite.is_main, SeminarSite.expected_attendees)
                .where(SeminarSite.seminar_id == seminar.id)
                .where((SeminarSite.id == root.id) | SeminarSite.rollup_path.like(f"%/{root.id}/%"))
            )
        ).all()
    )
    remote = [m for m in members if not m.is_main]
    return {
        **subtree_totals(root),
        "sites_invited": len(remote),
        "sites_registered": sum(1 for m in remote if m.status in REGISTERED_SITE_STATUSES),
        "peak_at": None,
        "expected_attendance": sum(m.expected_attendees or 0 for m in members) or None,
    }


async def attendance_timeline(
    session: AsyncSession, seminar: Seminar, resolution_s: int, *, per_site: bool
) -> dict[str, Any]:
    """The seminar's total (and each site's headcount) over time, bucketed.

    Replays the report and presence logs: a site counts from its check-in until it is
    disconnected, with its latest applied report. Each bucket gives the value at its end
    and the highest total reached within it.
    """
    rows = dict(
        (row_id, site_id)
        for row_id, site_id in await session.execute(
            select(SeminarSite.id, SeminarSite.site_id).where(SeminarSite.seminar_id == seminar.id)
        )
    )
    reports = await session.execute(
        select(
            AttendanceReport.received_at,
            AttendanceReport.seminar_site_id,
            AttendanceReport.headcount,
        ).where(AttendanceReport.seminar_site_id.in_(rows.keys()), AttendanceReport.applied)
    )
    presence = await session.execute(
        select(PresenceEvent.at, PresenceEvent.seminar_site_id, PresenceEvent.kind).where(
            PresenceEvent.seminar_site_id.in_(rows.keys())
        )
    )
    # Presence before a report at the same instant: a report from a returning site
    # is logged together with its reconnection.
    events = sorted(
        [(at, 0, row_id, kind) for at, row_id, kind in presence]
        + [(at, 1, row_id, headcount) for at, row_id, headcount in reports],
        key=lambda e: (e[0], e[1]),
    )
    points: list[dict[str, Any]] = []
    sites: dict[int, list[dict[str, Any]]] = {}
    if not events:
        return {
            "resolution_s": resolution_s,
            "points": points,
            "sites": sites if per_site else None,
        }
    value: dict[int, int] = {}
    counted: dict[int, bool] = {}
    total = 0
    epoch = int(events[0][0].timestamp()) // resolution_s * resolution_s
    bucket_end = epoch + resolution_s
    bucket_peak = 0

    def close_bucket(end: int) -> None:
        at = datetime.fromtimestamp(end, tz=events[0][0].tzinfo).isoformat()
        points.append({"at": at, "headcount": total, "peak_headcount": bucket_peak})
        if per_site:
            for row_id, site_id in rows.items():
                if counted.get(row_id) or row_id in value:
                    own = value.get(row_id, 0) if counted.get(row_id) else 0
                    sites.setdefault(site_id, []).append({"at": at, "headcount": own})

    for at, order, row_id, payload in events:
        while at.timestamp() >= bucket_end:
            close_bucket(bucket_end)
            bucket_end += resolution_s
            bucket_peak = total
        before = value.get(row_id, 0) if counted.get(row_id) else 0
        if order == 0:
            counted[row_id] = payload != PresenceKind.disconnected
        else:
            value[row_id] = payload
            counted[row_id] = True
        total += (value.get(row_id, 0) if counted.get(row_id) else 0) - before
        bucket_peak = max(bucket_peak, total)
    close_bucket(bucket_end)
    return {"resolution_s": resolution_s, "points": points, "sites": sites if per_site else None}


async def live_snapshot(
    session: AsyncSession, seminar_id: int, scope: int | None
) -> dict[str, Any]:
    """A public view's snapshot (no personal data); 404 when the scope is not a site of it."""
    seminar = await session.get(Seminar, seminar_id)
    if seminar is None:
        raise NotFound(f"Seminar {seminar_id} not found")
    totals = await view_totals(session, seminar, scope)
    return {
        "seminar": {"id": seminar.id, "title": seminar.title, "status": seminar.status.value},
        "scope": scope,
        "totals": totals,
        "sites": await view_rows(session, seminar.id, scope, personal=False),
        "agenda": {"current": agenda_current(await running_agenda_item(session, seminar.id))},
    }


async def staff_attendance(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    scope: int | None,
    publisher: "LivePublisher",
) -> dict[str, Any]:
    """What the database says now, for organizers: totals and each listed site's details."""
    require_staff(actor)
    member = await require_member(session, actor, seminar_id)
    scopes = await view_scopes(session, member, seminar_id, scope)
    inside = await member.site_ids(session)
    seminar = await load_seminar(session, seminar_id)
    return {
        "version": publisher.version(seminar_id, scope),
        "totals": await view_totals(session, seminar, scope),
        "sites": [
            row
            for at in scopes
            for row in await view_rows(session, seminar_id, at, personal=True)
            if inside is None or row["id"] in inside
        ],
    }


async def staff_timeline(
    session: AsyncSession, actor: User, seminar_id: int, resolution_s: int, per_site: bool
) -> dict[str, Any]:
    """The attendance timeline, for organizers (per site: the member's sites only)."""
    require_staff(actor)
    inside = await (await require_member(session, actor, seminar_id)).site_ids(session)
    seminar = await load_seminar(session, seminar_id)
    timeline = await attendance_timeline(session, seminar, resolution_s, per_site=per_site)
    if inside is not None and timeline["sites"] is not None:
        timeline["sites"] = {k: v for k, v in timeline["sites"].items() if k in inside}
    return timeline


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
    await (await require_member(session, actor, seminar_id)).require_site(session, site_id)
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
