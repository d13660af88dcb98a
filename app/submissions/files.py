"""A paper's files: versions stored by content, sniffed, bounded by the speaker's quota."""

import asyncio
import contextlib
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, UnsupportedMediaType
from app.core.uploads import Upload
from app.seminars.service import load_seminar
from app.submissions import messages as msg
from app.submissions.models import SubmissionFile
from app.submissions.service import check_file_quota, load_submission, require_changeable
from app.submissions.storage import KINDS, FileStore, clean_filename, detect_kind
from app.users.models import User


async def check_upload_allowed(
    session: AsyncSession, actor: User, submission_id: int, *, max_versions: int | None = None
) -> None:
    """Refuse early (404/409), before the body is read; ``add_file`` checks again."""
    submission = await load_submission(session, actor, submission_id)
    seminar = await load_seminar(session, submission.seminar_id)
    require_changeable(actor, submission, seminar)
    check_file_quota(submission, max_versions)


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
    submission = await load_submission(session, actor, submission_id, for_update=True)
    seminar = await load_seminar(session, submission.seminar_id)
    require_changeable(actor, submission, seminar)
    check_file_quota(submission, max_versions)
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
    submission = await load_submission(session, actor, submission_id)
    row = next((f for f in submission.files if f.version == version), None)
    if row is None:
        raise NotFound(msg.FILE_VERSION_NOT_FOUND, submission_id=submission_id, version=version)
    path = store.path_for(row.sha256)
    if not await asyncio.to_thread(path.is_file):
        raise NotFound(msg.FILE_CONTENT_MISSING, version=version)
    return row, path
