"""Logging in and out: password checks with per-account throttling, opaque tokens."""

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import AccessToken
from app.core.config import Settings
from app.core.db import utcnow
from app.core.errors import TooManyRequests, Unauthorized
from app.core.security import hash_token, new_token, verify_password
from app.users.models import User
from app.users.service import get_user_by_email


async def issue_token(session: AsyncSession, user: User, settings: Settings) -> str:
    """Create and commit a new bearer token for ``user``; the plain token is returned once."""
    token = new_token()
    session.add(
        AccessToken(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=utcnow() + timedelta(hours=settings.access_token_ttl_hours),
        )
    )
    await session.commit()
    return token


async def login(session: AsyncSession, email: str, password: str, settings: Settings) -> str:
    """Check the credentials and return a new token.

    Failed attempts are counted per account: after ``login_max_failures`` within the
    window the account answers 429 until the window passes, while other accounts are
    unaffected. Unknown e-mails and wrong passwords get the same answer.
    """
    user = await get_user_by_email(session, email)
    now = utcnow()
    window = timedelta(seconds=settings.login_failure_window_s)
    if user is not None and user.failed_login_window_start is not None:
        if now - user.failed_login_window_start >= window:
            user.failed_logins = 0
            user.failed_login_window_start = None
        elif user.failed_logins >= settings.login_max_failures:
            retry_after = int((user.failed_login_window_start + window - now).total_seconds()) + 1
            raise TooManyRequests(
                f"Too many failed logins for this account; try again in {retry_after} s",
                retry_after=retry_after,
            )
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not password_ok or not user.is_active:
        if user is not None and not password_ok:
            if user.failed_login_window_start is None:
                user.failed_login_window_start = now
            user.failed_logins += 1
            await session.commit()
        raise Unauthorized("Incorrect e-mail or password")
    user.failed_logins = 0
    user.failed_login_window_start = None
    return await issue_token(session, user, settings)


async def user_for_token(session: AsyncSession, token: str) -> User | None:
    """The active user a valid (unexpired, unrevoked) token belongs to, else None."""
    row = await session.scalar(
        select(AccessToken).where(
            AccessToken.token_hash == hash_token(token),
            AccessToken.revoked_at.is_(None),
            AccessToken.expires_at > utcnow(),
        )
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


async def revoke_token(session: AsyncSession, token: str) -> None:
    """Revoke one token; it stops working at once."""
    await session.execute(
        update(AccessToken)
        .where(AccessToken.token_hash == hash_token(token), AccessToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    await session.commit()
