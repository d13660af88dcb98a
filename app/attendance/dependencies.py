"""Request dependencies of the registrations domain: the site token, the link base URL."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader

from app.attendance import live_messages
from app.attendance import messages as msg
from app.attendance.service import SiteContext, site_for_token
from app.auth.dependencies import SettingsDep
from app.core.db import SessionDep
from app.core.errors import Unauthorized

site_token_header = APIKeyHeader(
    name="X-Site-Token",
    auto_error=False,
    description="The site's check-in token (from the fragment of its /site#<token> link).",
)


async def current_site(
    session: SessionDep, token: Annotated[str | None, Depends(site_token_header)]
) -> SiteContext:
    """The participation the ``X-Site-Token`` header stands for; 401 if missing or unknown."""
    if not token:
        raise Unauthorized(msg.SITE_TOKEN_MISSING, headers=None)
    ctx = await site_for_token(session, token)
    if ctx is None:
        raise Unauthorized(msg.SITE_TOKEN_UNKNOWN, headers=None)
    return ctx


async def site_token(token: Annotated[str | None, Depends(site_token_header)]) -> str:
    """The raw ``X-Site-Token`` of a check-in (checked with its batch); 401 if absent.

    Refused in the words of the rest of the site API; the fast path calls this too.
    """
    if not token:
        raise Unauthorized(msg.SITE_TOKEN_MISSING, headers=None)
    return token


async def required_site_token(token: Annotated[str | None, Depends(site_token_header)]) -> str:
    """The raw ``X-Site-Token`` (checked later, with the report it came with); 401 if absent.

    Reports are refused in attendance's words; the fast path calls this too.
    """
    if not token:
        raise Unauthorized(live_messages.SITE_TOKEN_MISSING, headers=None)
    return token


async def checkin_base_url(request: Request, settings: SettingsDep) -> str:
    """Where check-in links point: DIEMCAU_PUBLIC_BASE_URL, else this request's base URL."""
    return (settings.public_base_url or str(request.base_url)).rstrip("/")


CurrentSite = Annotated[SiteContext, Depends(current_site)]
CheckinBase = Annotated[str, Depends(checkin_base_url)]
SiteTokenHeader = Annotated[str, Depends(required_site_token)]
CheckinToken = Annotated[str, Depends(site_token)]
