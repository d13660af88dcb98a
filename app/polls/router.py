"""HTTP API of polls: organizers (console), sites (X-Site-Token), the public link."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from app.attendance.dependencies import CurrentSite
from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.schemas import LINE, MAX_ID, ItemList, PathId
from app.polls import answers, service, tally
from app.polls.limits import PollLimitsDep
from app.polls.schemas import (
    AnswerAck,
    AnswerIn,
    PollCreate,
    PollOpen,
    PollRead,
    PollResults,
    PollUpdate,
    PublicPoll,
    SitePolls,
    TallyAck,
    TallyIn,
)
from app.realtime.dependencies import PublisherDep

router = APIRouter(tags=["polls"])
site_router = APIRouter(prefix="/site/polls", tags=["site"])
public_router = APIRouter(prefix="/public", tags=["public"])

PollToken = Annotated[str, Path(min_length=1, max_length=64), LINE]
Slug = Annotated[str, Path(max_length=100), LINE]
POLL = "/seminars/{seminar_id}/polls/{poll_id}"


# -- organizers -----------------------------------------------------------------------


@router.get("/seminars/{seminar_id}/polls", response_model=ItemList[PollRead])
async def list_polls(session: SessionDep, actor: CurrentUser, seminar_id: PathId) -> object:
    """The seminar's polls, newest first."""
    return await service.list_polls(session, actor, seminar_id)


@router.post("/seminars/{seminar_id}/polls", response_model=PollRead, status_code=201)
async def create_poll(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    data: PollCreate,
) -> object:
    """A new poll, as a draft."""
    return await service.create_poll(session, actor, seminar_id, data, publisher)


@router.get(POLL, response_model=PollRead)
async def get_poll(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, poll_id: PathId
) -> object:
    return await service.get_poll(session, actor, seminar_id, poll_id)


@router.patch(POLL, response_model=PollRead)
async def update_poll(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    poll_id: PathId,
    data: PollUpdate,
) -> object:
    """Edit a draft (409 once opened)."""
    return await service.update_poll(session, actor, seminar_id, poll_id, data, publisher)


@router.delete(POLL, status_code=204)
async def delete_poll(
    session: SessionDep, actor: CurrentUser, seminar_id: PathId, poll_id: PathId
) -> Response:
    """Delete a draft (409 once opened)."""
    await service.delete_poll(session, actor, seminar_id, poll_id)
    return Response(status_code=204)


@router.post(f"{POLL}/open", response_model=PollRead)
async def open_poll(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    poll_id: PathId,
    data: PollOpen | None = None,
) -> object:
    """draft → open; ``duration_minutes`` sets ``closes_at`` (required for a survey)."""
    return await service.move_poll(session, actor, seminar_id, poll_id, "open", data, publisher)


@router.post(f"{POLL}/close", response_model=PollRead)
async def close_poll(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    poll_id: PathId,
) -> object:
    """open → closed."""
    return await service.move_poll(session, actor, seminar_id, poll_id, "close", None, publisher)


@router.post(f"{POLL}/publish", response_model=PollRead)
async def publish_poll(
    session: SessionDep,
    actor: CurrentUser,
    publisher: PublisherDep,
    seminar_id: PathId,
    poll_id: PathId,
) -> object:
    """closed → published: the results become public."""
    return await service.move_poll(session, actor, seminar_id, poll_id, "publish", None, publisher)


@router.get(f"{POLL}/results", response_model=PollResults)
async def poll_results(
    session: SessionDep,
    actor: CurrentUser,
    seminar_id: PathId,
    poll_id: PathId,
    scope: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> object:
    """Counts and percentages; ``per_level``: the direct children of ``scope`` (default:
    the top of the site tree) with their subtrees' sums (per_site polls)."""
    return await service.results(session, actor, seminar_id, poll_id, scope)


# -- sites ----------------------------------------------------------------------------


@site_router.get("", response_model=SitePolls)
async def my_polls(session: SessionDep, ctx: CurrentSite) -> object:
    """The open polls: per_site ones with my latest counts, per_person ones with their
    public token (for the QR code)."""
    return await tally.site_polls(session, ctx)


@site_router.post("/{poll_id}/tally", response_model=TallyAck)
async def send_tally(
    session: SessionDep, ctx: CurrentSite, poll_id: PathId, data: TallyIn, publisher: PublisherDep
) -> object:
    """My room's counts (absolute; a repeated ``request_id`` is applied once; the latest
    ``reported_at`` wins; at most the headcount, 422)."""
    return await tally.record_tally(session, ctx, poll_id, data, publisher)


# -- the public link ------------------------------------------------------------------


@public_router.get("/polls/{token}", response_model=PublicPoll)
async def public_poll(session: SessionDep, token: PollToken) -> object:
    """A poll by its public token; ``results`` while shown live or once published."""
    return await answers.public_poll(session, token)


@public_router.post("/polls/{token}/answers", response_model=AnswerAck)
async def answer_poll(
    session: SessionDep,
    token: PollToken,
    data: AnswerIn,
    publisher: PublisherDep,
    limits: PollLimitsDep,
) -> object:
    """This device's answer (one per device; answering again replaces it until close)."""
    await limits.device(data.device_key)
    return await answers.answer(session, token, data, publisher)


@public_router.get("/seminars/{slug}/polls", response_model=ItemList[PublicPoll])
async def screen_polls(session: SessionDep, slug: Slug) -> object:
    """The polls a big screen shows (shown live and opened, or published), with their
    results and public token."""
    return await answers.screen_polls(session, slug)
