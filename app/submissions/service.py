"""Papers: the call for papers, the submission state machine, reading, editing, exports.

Every public function takes the acting user and checks the permission itself; routers
only parse and forward. The rules, in one place:

- Organizers and admins see and act on every paper; anyone else (a speaker) only on
  their own. A speaker asking for someone else's paper gets **404**, exactly as for a
  paper that does not exist, so ids reveal nothing. Actions reserved to organizers
  (decisions, exports) answer **403** to a speaker without looking the paper up.
- Speakers create, edit, upload and submit only while the call is open (seminar
  published or live, ``submissions_open``, before ``submissions_close_at``); afterwards
  409 naming the deadline. Organizers may do all of it at any time, on a speaker's behalf.
- Status moves follow SUBMISSION_TRANSITIONS (409 otherwise). Decisions can be made
  and revised until the seminar ends or is cancelled.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.auth.permissions import is_staff, require_staff
from app.core.db import lock_for_writers, matches_every_word, utcnow
from app.core.errors import (
    Conflict,
    NotFound,
    Problem,
    Unprocessable,
    refuse_nulls,
)
from app.core.schemas import Page
from app.core.text import fold
from app.seminars.access import can_review, require_member
from app.seminars.models import Seminar, SeminarStatus
from app.seminars.service import load_seminar
from app.submissions import messages as msg
from app.submissions.models import Submission, SubmissionStatus
from app.submissions.quota_messages import FILE_VERSION_QUOTA, PAPER_QUOTA
from app.submissions.schemas import (
    SubmissionCounts,
    SubmissionCreate,
    SubmissionUpdate,
)
from app.users.models import User

St = SubmissionStatus
DECISIONS = frozenset({St.under_review, St.selected_live, St.accepted_written, St.rejected})
FINAL_DECISIONS = frozenset({St.selected_live, St.accepted_written, St.rejected})
ACCEPTED = (St.selected_live, St.accepted_written)

# The submission state machine of DESIGN.md, in one place. A final decision may be
# revised (to another decision, back to under_review, or to itself with a new note);
# withdrawn is final.
SUBMISSION_TRANSITIONS: dict[SubmissionStatus, frozenset[SubmissionStatus]] = {
    St.draft: frozenset({St.submitted, St.withdrawn}),
    St.submitted: frozenset({*DECISIONS, St.withdrawn}),
    St.under_review: frozenset({*FINAL_DECISIONS, St.withdrawn}),
    St.selected_live: DECISIONS,
    St.accepted_written: DECISIONS,
    St.rejected: DECISIONS,
    St.withdrawn: frozenset(),
}
# Speakers may edit and upload while nobody has started judging the paper.
SPEAKER_EDITABLE = frozenset({St.draft, St.submitted})
CLOSED_SEMINAR = frozenset({SeminarStatus.ended, SeminarStatus.cancelled})
_SEARCH_FIELDS_NOT_NULL = frozenset({"title", "authors"})


def check_transition(current: SubmissionStatus, target: SubmissionStatus) -> None:
    """Raise 409 unless SUBMISSION_TRANSITIONS allows ``current → target``."""
    allowed = SUBMISSION_TRANSITIONS[current]
    if target in allowed:
        return
    if not allowed:
        raise Conflict(msg.WITHDRAWN_FINAL, current=current, target=target)
    moves = [s for s in St if s in allowed]
    raise Conflict(msg.TRANSITION, current=current, target=target, allowed=moves)


# --- the call for papers ----------------------------------------------------------------


def format_local(moment: datetime, timezone: str) -> str:
    """``dd/MM/yyyy HH:mm`` in the seminar's time zone, as Vietnamese users read dates."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d/%m/%Y %H:%M")


def call_closed_reason(seminar: Seminar, now: datetime | None = None) -> Conflict | None:
    """The 409 saying why speakers cannot send or change papers now; None while open."""
    now = now or utcnow()
    tz = seminar.timezone
    if seminar.status not in (SeminarStatus.published, SeminarStatus.live):
        return Conflict(msg.CALL_NOT_OPEN, status=seminar.status)
    close_at = seminar.submissions_close_at
    if close_at is not None and now >= close_at:
        return Conflict(msg.CALL_CLOSED_AT, closed_at=format_local(close_at, tz), timezone=tz)
    if not seminar.submissions_open:
        if close_at is None:
            return Conflict(msg.CALL_CLOSED)
        deadline = format_local(close_at, tz)
        return Conflict(msg.CALL_CLOSED_BEFORE_DEADLINE, deadline=deadline, timezone=tz)
    return None


def require_call_open(actor: User, seminar: Seminar) -> None:
    """Speakers act only while the call is open; organizers and admins at any time."""
    if is_staff(actor):
        return
    refusal = call_closed_reason(seminar)
    if refusal is not None:
        raise refusal


async def list_open_calls(session: AsyncSession, page: Page) -> tuple[list[Seminar], int]:
    """Published or live seminars whose call is open, the nearest deadline first."""
    now = utcnow()
    query = select(Seminar).where(
        Seminar.status.in_((SeminarStatus.published, SeminarStatus.live)),
        Seminar.submissions_open.is_(True),
        or_(Seminar.submissions_close_at.is_(None), Seminar.submissions_close_at > now),
    )
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = await session.scalars(
        query.order_by(
            Seminar.submissions_close_at.is_(None),
            Seminar.submissions_close_at,
            Seminar.starts_at,
            Seminar.id,
        )
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(rows), total


# --- loading and authorization ----------------------------------------------------------


def with_relations(query: Select[tuple[Submission]]) -> Select[tuple[Submission]]:
    # One query per relation for the whole page: no N+1.
    return query.options(
        selectinload(Submission.speaker),
        selectinload(Submission.files),
        selectinload(Submission.agenda_items),
    )


def _not_found(submission_id: int) -> NotFound:
    return NotFound(msg.SUBMISSION_NOT_FOUND, submission_id=submission_id)


async def load_submission(
    session: AsyncSession, actor: User, submission_id: int, *, for_update: bool = False
) -> Submission:
    """The paper if ``actor`` may see it (its speaker, the seminar's unlimited members,
    admins); 404 alike for missing and someone else's."""
    query = with_relations(select(Submission).where(Submission.id == submission_id))
    if for_update:
        query = query.with_for_update(of=Submission)
    submission = await session.scalar(query.execution_options(populate_existing=True))
    if submission is None or not (
        submission.speaker_id == actor.id or await can_review(session, actor, submission.seminar_id)
    ):
        raise _not_found(submission_id)
    return submission


async def reload(session: AsyncSession, submission_id: int) -> Submission:
    """Fresh from the database with its relations (after a commit)."""
    submission = await session.scalar(
        with_relations(select(Submission).where(Submission.id == submission_id)).execution_options(
            populate_existing=True
        )
    )
    if submission is None:
        raise _not_found(submission_id)
    return submission


def _refresh_search_text(submission: Submission, speaker: User) -> None:
    parts = [submission.title, submission.unit or "", speaker.full_name]
    for author in submission.authors:
        parts += [author.get("name") or "", author.get("unit") or ""]
    submission.search_text = fold(" ".join(p for p in parts if p))


def _author_dicts(authors: Sequence[Any]) -> list[dict[str, Any]]:
    return [author.model_dump() for author in authors]


# --- reading ------------------------------------------------------------------------------


async def list_submissions(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    page: Page,
    *,
    status: SubmissionStatus | None = None,
    unit: str | None = None,
    q: str | None = None,
) -> tuple[list[Submission], int, SubmissionCounts]:
    """A seminar's papers (organizers: all; speakers: their own) and the counts per status.

    Filters narrow the items; the counts always cover everything the actor may see in
    the seminar, so the status tabs keep their numbers while a filter is applied.
    """
    await load_seminar(session, seminar_id)
    scope = [Submission.seminar_id == seminar_id]
    if not await can_review(session, actor, seminar_id):
        scope.append(Submission.speaker_id == actor.id)
    filters = list(scope)
    if status is not None:
        filters.append(Submission.status == status)
    if unit:
        filters.append(Submission.unit == unit.strip())
    filters += matches_every_word(Submission.search_text, q)
    total = await session.scalar(select(func.count(Submission.id)).where(*filters)) or 0
    rows = await session.scalars(
        with_relations(select(Submission).where(*filters))
        .order_by(Submission.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(rows), total, await _counts(session, scope)


async def list_own_submissions(
    session: AsyncSession, actor: User, page: Page
) -> tuple[list[Submission], int]:
    """The actor's own papers in every seminar, newest first (a speaker's "my papers")."""
    mine = Submission.speaker_id == actor.id
    total = await session.scalar(select(func.count(Submission.id)).where(mine)) or 0
    rows = await session.scalars(
        with_relations(select(Submission).where(mine))
        .order_by(Submission.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(rows), total


async def _counts(session: AsyncSession, scope: list[Any]) -> SubmissionCounts:
    counts = SubmissionCounts()
    rows = await session.execute(
        select(
            Submission.status,
            func.count(Submission.id),
            func.sum(case((Submission.submitted_at.is_not(None), 1), else_=0)),
            func.sum(case((Submission.presented_at.is_not(None), 1), else_=0)),
        )
        .where(*scope)
        .group_by(Submission.status)
    )
    for status, count, received, presented in rows:
        setattr(counts, status.value, int(count))
        counts.received += int(received or 0)
        counts.presented += int(presented or 0)
    return counts


async def get_submission(session: AsyncSession, actor: User, submission_id: int) -> Submission:
    """One paper (its speaker, organizers and admins)."""
    return await load_submission(session, actor, submission_id)


# --- creating and editing -------------------------------------------------------------------


async def create_submission(
    session: AsyncSession,
    actor: User,
    seminar_id: int,
    data: SubmissionCreate,
    *,
    max_papers: int | None = None,
) -> Submission:
    """A new draft. Speakers: for themselves while the call is open. Organizers: for
    ``speaker_id`` (default themselves) at any time, the deadline notwithstanding."""
    seminar = await load_seminar(session, seminar_id)
    if seminar.status in CLOSED_SEMINAR:
        raise Conflict(msg.SEMINAR_TAKES_NO_PAPERS, seminar_id=seminar_id, status=seminar.status)
    speaker = actor
    if data.speaker_id is not None and data.speaker_id != actor.id:
        require_staff(actor)
        await require_member(session, actor, seminar_id, unlimited=True)
        found = await session.get(User, data.speaker_id)
        if found is None or not found.is_active:
            raise Unprocessable(
                msg.SPEAKER_UNKNOWN,
                speaker_id=data.speaker_id,
                errors=[
                    Problem(
                        msg.SPEAKER_UNKNOWN,
                        {"speaker_id": data.speaker_id},
                        loc=("body", "speaker_id"),
                    )
                ],
            )
        speaker = found
    require_call_open(actor, seminar)
    if max_papers is not None and not is_staff(actor):
        await _check_paper_quota(session, seminar_id, speaker.id, max_papers)
    authors = _author_dicts(data.authors) or [
        {"name": speaker.full_name, "unit": speaker.unit, "position": speaker.position}
    ]
    submission = Submission(
        seminar_id=seminar_id,
        speaker_id=speaker.id,
        title=data.title,
        abstract=data.abstract,
        authors=authors,
        unit=data.unit if data.unit is not None else speaker.unit,
        status=St.draft,
    )
    _refresh_search_text(submission, speaker)
    session.add(submission)
    await session.commit()
    return await reload(session, submission.id)


async def _check_paper_quota(
    session: AsyncSession, seminar_id: int, speaker_id: int, limit: int
) -> None:
    """Speakers send at most ``limit`` papers (withdrawn ones count) to a seminar: a bound
    on what one account can make the organizers read and store."""
    # Count, then insert: papers sent at once by one speaker queue here (PostgreSQL).
    await lock_for_writers(session, f"papers:{seminar_id}:{speaker_id}")
    count = await session.scalar(
        select(func.count(Submission.id)).where(
            Submission.seminar_id == seminar_id, Submission.speaker_id == speaker_id
        )
    )
    if (count or 0) >= limit:
        raise Conflict(PAPER_QUOTA, limit=limit, count=count)


def check_file_quota(submission: Submission, limit: int | None) -> None:
    """At most ``limit`` stored versions per paper (each is kept for good)."""
    if limit is not None and len(submission.files) >= limit:
        raise Conflict(FILE_VERSION_QUOTA, limit=limit, count=len(submission.files))


async def update_submission(
    session: AsyncSession, actor: User, submission_id: int, data: SubmissionUpdate
) -> Submission:
    """Edit title, abstract, authors, unit. Speakers: own paper, draft or submitted, call
    open. Organizers: any paper that is not withdrawn."""
    submission = await load_submission(session, actor, submission_id, for_update=True)
    seminar = await load_seminar(session, submission.seminar_id)
    require_changeable(actor, submission, seminar)
    changes = data.model_dump(exclude_unset=True)
    refuse_nulls(changes, _SEARCH_FIELDS_NOT_NULL)
    if "authors" in changes:
        if not changes["authors"]:
            raise Unprocessable(
                msg.AUTHORS_EMPTY,
                errors=[Problem(msg.AUTHORS_EMPTY, loc=("body", "authors"))],
            )
        changes["authors"] = _author_dicts(data.authors or [])
    for field, value in changes.items():
        setattr(submission, field, value)
    _refresh_search_text(submission, submission.speaker)
    submission.updated_at = utcnow()
    await session.commit()
    return await reload(session, submission_id)


def require_changeable(actor: User, submission: Submission, seminar: Seminar) -> None:
    """Who may change a paper's content (edit, upload) in its current state."""
    if submission.status == St.withdrawn:
        raise Conflict(msg.WITHDRAWN, submission_id=submission.id)
    if is_staff(actor):
        return
    require_call_open(actor, seminar)
    if submission.status not in SPEAKER_EDITABLE:
        raise Conflict(
            msg.LOCKED_FOR_SPEAKER, submission_id=submission.id, status=submission.status
        )


def require_seminar_running(seminar: Seminar) -> None:
    if seminar.status in CLOSED_SEMINAR:
        raise Conflict(msg.SEMINAR_FINAL, seminar_id=seminar.id, status=seminar.status)


# --- exports ------------------------------------------------------------------------------------

_EXPORT_ORDER = {
    St.selected_live: 0,
    St.accepted_written: 1,
    St.under_review: 2,
    St.submitted: 3,
    St.rejected: 4,
    St.withdrawn: 5,
}


def _programme_key(submission: Submission) -> tuple[int, float, int]:
    items = submission.agenda_items
    position = float(items[0].position) if items else float("inf")
    return (_EXPORT_ORDER.get(submission.status, 9), position, submission.id)


async def export_papers(
    session: AsyncSession, actor: User, seminar_id: int, *, accepted_only: bool = False
) -> tuple[Seminar, list[Submission]]:
    """Received papers (drafts excluded) in proceedings order: live ones in agenda order,
    then written-only ones, then the rest by status."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id)
    statuses = ACCEPTED if accepted_only else tuple(_EXPORT_ORDER)
    rows = await session.scalars(
        with_relations(
            select(Submission).where(
                Submission.seminar_id == seminar_id, Submission.status.in_(statuses)
            )
        )
    )
    return seminar, sorted(rows, key=_programme_key)
