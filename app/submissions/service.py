"""Papers: the call for papers, the submission state machine, files, decisions, exports.

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

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.auth.permissions import is_staff, require_staff
from app.core.db import lock_for_writers, matches_every_word, utcnow
from app.core.errors import (
    Conflict,
    NotFound,
    Problem,
    Unprocessable,
    UnsupportedMediaType,
    refuse_nulls,
)
from app.core.schemas import Page
from app.core.text import fold
from app.core.uploads import Upload
from app.seminars.access import can_review, require_member
from app.seminars.agenda import insert_agenda_item
from app.seminars.models import AgendaItem, AgendaKind, Seminar, SeminarStatus
from app.seminars.schemas import AgendaItemCreate
from app.seminars.service import load_seminar
from app.submissions import messages as msg
from app.submissions.models import Submission, SubmissionFile, SubmissionStatus
from app.submissions.quota_messages import FILE_VERSION_QUOTA, PAPER_QUOTA
from app.submissions.schemas import (
    BulkDecisionRequest,
    DecisionRequest,
    SubmissionCounts,
    SubmissionCreate,
    SubmissionUpdate,
)
from app.submissions.storage import KINDS, FileStore, clean_filename, detect_kind
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


def _require_call_open(actor: User, seminar: Seminar) -> None:
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


def _with_relations(query: Select[tuple[Submission]]) -> Select[tuple[Submission]]:
    # One query per relation for the whole page: no N+1.
    return query.options(
        selectinload(Submission.speaker),
        selectinload(Submission.files),
        selectinload(Submission.agenda_items),
    )


def _not_found(submission_id: int) -> NotFound:
    return NotFound(msg.SUBMISSION_NOT_FOUND, submission_id=submission_id)


async def _load(
    session: AsyncSession, actor: User, submission_id: int, *, for_update: bool = False
) -> Submission:
    """The paper if ``actor`` may see it (its speaker, the seminar's unlimited members,
    admins); 404 alike for missing and someone else's."""
    query = _with_relations(select(Submission).where(Submission.id == submission_id))
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
        _with_relations(select(Submission).where(Submission.id == submission_id)).execution_options(
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
        _with_relations(select(Submission).where(*filters))
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
        _with_relations(select(Submission).where(mine))
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
    return await _load(session, actor, submission_id)


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
    _require_call_open(actor, seminar)
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


def _check_file_quota(submission: Submission, limit: int | None) -> None:
    """At most ``limit`` stored versions per paper (each is kept for good)."""
    if limit is not None and len(submission.files) >= limit:
        raise Conflict(FILE_VERSION_QUOTA, limit=limit, count=len(submission.files))


async def update_submission(
    session: AsyncSession, actor: User, submission_id: int, data: SubmissionUpdate
) -> Submission:
    """Edit title, abstract, authors, unit. Speakers: own paper, draft or submitted, call
    open. Organizers: any paper that is not withdrawn."""
    submission = await _load(session, actor, submission_id, for_update=True)
    seminar = await load_seminar(session, submission.seminar_id)
    _require_changeable(actor, submission, seminar)
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


def _require_changeable(actor: User, submission: Submission, seminar: Seminar) -> None:
    """Who may change a paper's content (edit, upload) in its current state."""
    if submission.status == St.withdrawn:
        raise Conflict(msg.WITHDRAWN, submission_id=submission.id)
    if is_staff(actor):
        return
    _require_call_open(actor, seminar)
    if submission.status not in SPEAKER_EDITABLE:
        raise Conflict(
            msg.LOCKED_FOR_SPEAKER, submission_id=submission.id, status=submission.status
        )


# --- files ------------------------------------------------------------------------------------


async def check_upload_allowed(
    session: AsyncSession, actor: User, submission_id: int, *, max_versions: int | None = None
) -> None:
    """Refuse early (404/409), before the body is read; ``add_file`` checks again."""
    submission = await _load(session, actor, submission_id)
    seminar = await load_seminar(session, submission.seminar_id)
    _require_changeable(actor, submission, seminar)
    _check_file_quota(submission, max_versions)


async def add_file(
    session: AsyncSession,
    actor: User,
    submission_id: int,
    upload: Upload,
    store: FileStore,
    *,
    max_versions: int | None = None,
) -> SubmissionFile:
    """Store a new version of the paper's file (earlier versions are kept).

    The type is decided by the content (415 unless it is one the call accepts). The
    bytes are written before the row; if the row cannot be committed, content that no
    row references is removed again, so a failed upload leaves neither file nor row.
    """
    submission = await _load(session, actor, submission_id, for_update=True)
    seminar = await load_seminar(session, submission.seminar_id)
    _require_changeable(actor, submission, seminar)
    _check_file_quota(submission, max_versions)
    accepted = [KINDS[t] for t in seminar.accepted_file_types if t in KINDS]
    names = ", ".join(kind.label for kind in accepted)
    if not upload.data:
        raise UnsupportedMediaType(msg.FILE_EMPTY, accepted=names)
    kind = detect_kind(upload.data)
    if kind is None:
        raise UnsupportedMediaType(msg.FILE_TYPE_UNKNOWN, accepted=names)
    if kind not in accepted:
        raise UnsupportedMediaType(msg.FILE_TYPE_NOT_ACCEPTED, kind=kind.label, accepted=names)
    blob = await asyncio.to_thread(store.put, upload.data)
    try:
        latest = await session.scalar(
            select(func.max(SubmissionFile.version)).where(
                SubmissionFile.submission_id == submission.id
            )
        )
        row = SubmissionFile(
            submission_id=submission.id,
            version=(latest or 0) + 1,
            original_filename=clean_filename(upload.filename, kind),
            media_type=kind.media_type,
            size=len(upload.data),
            sha256=blob.sha256,
            uploaded_by_id=actor.id,
        )
        session.add(row)
        submission.updated_at = utcnow()
        await session.commit()
    except Exception as exc:
        await _discard_unreferenced(session, store, blob.sha256, blob.created)
        if isinstance(exc, IntegrityError):
            raise Conflict(msg.FILE_RACE) from None
        raise
    return row


async def _discard_unreferenced(
    session: AsyncSession, store: FileStore, sha256: str, created: bool
) -> None:
    """After a failed commit: remove content this upload wrote if no row points at it."""
    with contextlib.suppress(Exception):
        await session.rollback()
    if not created:
        return  # it was there before this upload: someone else's version uses it
    referenced = await session.scalar(
        select(SubmissionFile.id).where(SubmissionFile.sha256 == sha256).limit(1)
    )
    await session.rollback()
    if referenced is None:
        await asyncio.to_thread(store.remove, sha256)


async def get_file(
    session: AsyncSession, actor: User, submission_id: int, version: int, store: FileStore
) -> tuple[SubmissionFile, Path]:
    """One stored version and where its bytes are (its speaker, organizers, admins)."""
    submission = await _load(session, actor, submission_id)
    row = next((f for f in submission.files if f.version == version), None)
    if row is None:
        raise NotFound(msg.FILE_VERSION_NOT_FOUND, submission_id=submission_id, version=version)
    path = store.path_for(row.sha256)
    if not await asyncio.to_thread(path.is_file):
        raise NotFound(msg.FILE_CONTENT_MISSING, version=version)
    return row, path


# --- status moves -----------------------------------------------------------------------------


async def submit_submission(session: AsyncSession, actor: User, submission_id: int) -> Submission:
    """draft → submitted; needs a file. Speakers only while the call is open."""
    submission = await _load(session, actor, submission_id, for_update=True)
    seminar = await load_seminar(session, submission.seminar_id)
    check_transition(submission.status, St.submitted)
    _require_call_open(actor, seminar)
    _require_seminar_running(seminar)
    if not submission.files:
        raise Conflict(msg.SUBMIT_NEEDS_FILE)
    submission.status = St.submitted
    submission.submitted_at = utcnow()
    await session.commit()
    return await reload(session, submission_id)


async def withdraw_submission(session: AsyncSession, actor: User, submission_id: int) -> Submission:
    """Withdraw before a decision (the speaker, or organizers on their behalf); final.

    Allowed after the deadline too: pulling a paper out is not sending one.
    """
    submission = await _load(session, actor, submission_id, for_update=True)
    seminar = await load_seminar(session, submission.seminar_id)
    check_transition(submission.status, St.withdrawn)
    _require_seminar_running(seminar)
    submission.status = St.withdrawn
    submission.withdrawn_at = utcnow()
    await session.commit()
    return await reload(session, submission_id)


def _require_seminar_running(seminar: Seminar) -> None:
    if seminar.status in CLOSED_SEMINAR:
        raise Conflict(msg.SEMINAR_FINAL, seminar_id=seminar.id, status=seminar.status)


def _apply_decision(
    submission: Submission, actor: User, status: SubmissionStatus, note: str | None
) -> None:
    check_transition(submission.status, status)
    now = utcnow()
    submission.status = status
    submission.decision_note = note
    submission.decided_by_id = actor.id
    submission.decided_at = now if status in FINAL_DECISIONS else None
    if submission.submitted_at is None:  # defensive: a decided paper was received
        submission.submitted_at = now


async def decide(
    session: AsyncSession, actor: User, submission_id: int, data: DecisionRequest
) -> Submission:
    """Organizers decide or revise (until the seminar ends); optionally add to the agenda.

    With ``selected_live`` and ``add_to_agenda`` a ``paper`` agenda item linked to the
    paper is inserted (once: an existing link is kept) in the same transaction. Revising
    away from selected_live leaves the item; ``agenda_item_id`` in the answer shows it.
    """
    require_staff(actor)
    submission = await _load(session, actor, submission_id)
    await require_member(session, actor, submission.seminar_id, unlimited=True)
    seminar = await load_seminar(session, submission.seminar_id, for_update=True)
    if data.add_to_agenda and data.status != St.selected_live:
        raise Unprocessable(
            msg.ADD_TO_AGENDA_NEEDS_LIVE,
            errors=[Problem(msg.ADD_TO_AGENDA_NEEDS_LIVE, loc=("body", "add_to_agenda"))],
        )
    _require_seminar_running(seminar)
    submission = await _load(session, actor, submission_id, for_update=True)
    _apply_decision(submission, actor, St(data.status), data.note)
    if data.add_to_agenda and not submission.agenda_items:
        await _add_to_agenda(session, seminar, submission, data.agenda_position)
    await session.commit()
    return await reload(session, submission_id)


async def _add_to_agenda(
    session: AsyncSession, seminar: Seminar, submission: Submission, position: int | None
) -> AgendaItem:
    if position is None:
        # Papers go after the ones already placed and before the discussion/closing.
        position = await session.scalar(
            select(func.min(AgendaItem.position)).where(
                AgendaItem.seminar_id == seminar.id,
                AgendaItem.kind.in_((AgendaKind.discussion, AgendaKind.closing)),
            )
        )
    speaker = submission.speaker
    return await insert_agenda_item(
        session,
        seminar,
        AgendaItemCreate(
            kind=AgendaKind.paper,
            title=submission.title,
            speaker_name=speaker.full_name,
            speaker_unit=submission.unit or speaker.unit,
            position=position,
        ),
        submission_id=submission.id,
    )


async def decide_many(
    session: AsyncSession, actor: User, seminar_id: int, data: BulkDecisionRequest
) -> list[Submission]:
    """The same decision for several papers of one seminar: all or nothing."""
    require_staff(actor)
    await require_member(session, actor, seminar_id, unlimited=True)
    seminar = await load_seminar(session, seminar_id, for_update=True)
    _require_seminar_running(seminar)
    ids = list(dict.fromkeys(data.submission_ids))
    rows = {
        s.id: s
        for s in await session.scalars(
            _with_relations(
                select(Submission).where(
                    Submission.seminar_id == seminar_id, Submission.id.in_(ids)
                )
            ).with_for_update(of=Submission)
        )
    }
    missing = [i for i in ids if i not in rows]
    if missing:
        raise Unprocessable(msg.BULK_UNKNOWN, seminar_id=seminar_id, ids=missing)
    target = St(data.status)
    stuck = [rows[i] for i in ids if target not in SUBMISSION_TRANSITIONS[rows[i].status]]
    if stuck:
        raise Conflict(
            msg.BULK_STUCK,
            ids=[s.id for s in stuck],
            target=target,
            errors=[
                Problem(msg.BULK_STUCK_ONE, {"submission_id": s.id, "status": s.status})
                for s in stuck
            ],
        )
    for i in ids:
        _apply_decision(rows[i], actor, target, data.note)
    await session.commit()
    return [await reload(session, i) for i in ids]


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
        _with_relations(
            select(Submission).where(
                Submission.seminar_id == seminar_id, Submission.status.in_(statuses)
            )
        )
    )
    return seminar, sorted(rows, key=_programme_key)
