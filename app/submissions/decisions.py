"""A paper's status moves: submit, withdraw, and the organizers' decisions."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.permissions import require_staff
from app.core.db import utcnow
from app.core.errors import Conflict, Problem, Unprocessable
from app.seminars.access import require_member
from app.seminars.agenda import insert_agenda_item
from app.seminars.models import AgendaItem, AgendaKind, Seminar
from app.seminars.schemas import AgendaItemCreate
from app.seminars.service import load_seminar
from app.submissions import messages as msg
from app.submissions.models import Submission, SubmissionStatus
from app.submissions.schemas import BulkDecisionRequest, DecisionRequest
from app.submissions.service import (
    FINAL_DECISIONS,
    SUBMISSION_TRANSITIONS,
    St,
    check_transition,
    load_submission,
    reload,
    require_call_open,
    require_seminar_running,
    with_relations,
)
from app.users.models import User


async def submit_submission(session: AsyncSession, actor: User, submission_id: int) -> Submission:
    """draft → submitted; needs a file. Speakers only while the call is open."""
    submission = await load_submission(session, actor, submission_id, for_update=True)
    seminar = await load_seminar(session, submission.seminar_id)
    check_transition(submission.status, St.submitted)
    require_call_open(actor, seminar)
    require_seminar_running(seminar)
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
    submission = await load_submission(session, actor, submission_id, for_update=True)
    seminar = await load_seminar(session, submission.seminar_id)
    check_transition(submission.status, St.withdrawn)
    require_seminar_running(seminar)
    submission.status = St.withdrawn
    submission.withdrawn_at = utcnow()
    await session.commit()
    return await reload(session, submission_id)


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
    submission = await load_submission(session, actor, submission_id)
    await require_member(session, actor, submission.seminar_id, unlimited=True)
    seminar = await load_seminar(session, submission.seminar_id, for_update=True)
    if data.add_to_agenda and data.status != St.selected_live:
        raise Unprocessable(
            msg.ADD_TO_AGENDA_NEEDS_LIVE,
            errors=[Problem(msg.ADD_TO_AGENDA_NEEDS_LIVE, loc=("body", "add_to_agenda"))],
        )
    require_seminar_running(seminar)
    submission = await load_submission(session, actor, submission_id, for_update=True)
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
    require_seminar_running(seminar)
    ids = list(dict.fromkeys(data.submission_ids))
    rows = {
        s.id: s
        for s in await session.scalars(
            with_relations(
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
