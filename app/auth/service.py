"""Logging in and out: throttled password checks off the event loop, opaque tokens."""

from collections.abc import Collection
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.messages import LOGIN_FAILED
from app.auth.models import AccessToken
from app.auth.throttle import AuthThrottle
from app.core.config import Settings
from app.core.db import Database, utcnow
from app.core.errors import ServiceUnavailable, Unauthorized
from app.core.security import hash_token, new_token, verify_password_async
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


async def login(
    db: Database,
    email: str,
    password: str,
    settings: Settings,
    throttle: AuthThrottle,
    host: str | None,
) -> str:
    """Check the credentials of a client at ``host`` and return a new token.

    Throttled per address and per account+address (see :mod:`app.auth.throttle`). An
    unknown e-mail, a wrong password and a deactivated account get the same answer after
    the same work: one password check in the hashing pool. The account is read in a read
    transaction: no login holds SQLite's write lock while its hash runs, and only a
    success writes (its token).
    """
    attempt = await throttle.begin(host, email)
    async with db.read_sessions() as session:
        user = await get_user_by_email(session, email)
    try:
        password_ok = await verify_password_async(user.password_hash if user else None, password)
    except ServiceUnavailable:
        await throttle.not_judged(attempt)
        raise
    if user is None or not password_ok or not user.is_active:
        raise Unauthorized(LOGIN_FAILED)
    await throttle.succeeded(attempt)
    async with db.write_sessions() as session:
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


async def valid_token_hashes(session: AsyncSession, hashes: Collection[str]) -> set[str]:
    """Which of these token hashes still let their user in (unexpired, unrevoked, active)."""
    if not hashes:
        return set()
    rows = await session.scalars(
        select(AccessToken.token_hash)
        .join(User, User.id == AccessToken.user_id)
        .where(
            AccessToken.token_hash.in_(list(hashes)),
            AccessToken.revoked_at.is_(None),
            AccessToken.expires_at > utcnow(),
            User.is_active.is_(True),
        )
    )
    return set(rows)


async def revoke_token(session: AsyncSession, token: str) -> None:
    """Revoke one token; it stops working at once."""
    await session.execute(
        update(AccessToken)
        .where(AccessToken.token_hash == hash_token(token), AccessToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    await session.commit()
