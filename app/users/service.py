"""Managing user accounts."""

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.models import AccessToken
from app.auth.permissions import require_admin
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, Problem
from app.core.schemas import Page
from app.core.security import hash_password_async
from app.users import messages as msg
from app.users.models import Role, User
from app.users.schemas import SpeakerSignup, UserCreate, UserUpdate


def normalize_email(email: str) -> str:
    """E-mails are unique case-insensitively: store and compare them lower-cased."""
    return email.strip().lower()


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    """The account of an address, if any; an address with NUL is no one's (and PostgreSQL
    would refuse to compare it)."""
    if "\x00" in email:
        return None
    return await session.scalar(select(User).where(User.email == normalize_email(email)))


async def _add_user(session: AsyncSession, user: User) -> User:
    session.add(user)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise Conflict(
            msg.EMAIL_TAKEN,
            email=user.email,
            errors=[Problem(msg.EMAIL_TAKEN, {"email": user.email}, loc=("body", "email"))],
        ) from None
    return user


async def revoke_all_tokens(session: AsyncSession, user_id: int) -> None:
    """Revoke every token of a user (deactivation, new password); the caller commits."""
    await session.execute(
        update(AccessToken)
        .where(AccessToken.user_id == user_id, AccessToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def create_user(session: AsyncSession, actor: User, data: UserCreate) -> User:
    """An admin creates an account with any role; an organizer, speaker accounts only
    (to submit papers on a speaker's behalf or to invite them)."""
    if not (actor.role == Role.organizer and data.role == Role.speaker):
        require_admin(actor)
    return await _add_user(
        session,
        User(
            email=normalize_email(data.email),
            full_name=data.full_name,
            role=data.role,
            unit=data.unit,
            position=data.position,
            password_hash=await hash_password_async(data.password),
        ),
    )


async def register_speaker(session: AsyncSession, data: SpeakerSignup) -> User:
    """Self sign-up: always a speaker, never anything more."""
    return await _add_user(
        session,
        User(
            email=normalize_email(data.email),
            full_name=data.full_name,
            role=Role.speaker,
            unit=data.unit,
            position=data.position,
            password_hash=await hash_password_async(data.password),
        ),
    )


async def list_users(session: AsyncSession, actor: User, page: Page) -> tuple[list[User], int]:
    require_admin(actor)
    total = await session.scalar(select(func.count()).select_from(User))
    users = await session.scalars(
        select(User).order_by(User.email).limit(page.limit).offset(page.offset)
    )
    return list(users), total or 0


async def update_user(session: AsyncSession, actor: User, user_id: int, data: UserUpdate) -> User:
    """An admin edits an account; deactivating or re-passwording revokes its tokens."""
    require_admin(actor)
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(msg.USER_NOT_FOUND, user_id=user_id)
    changes = data.model_dump(exclude_unset=True)
    if user.id == actor.id and (
        changes.get("is_active") is False or changes.get("role", Role.admin) != Role.admin
    ):
        raise Conflict(msg.ADMIN_SELF_DEMOTE)
    password = changes.pop("password", None)
    for field, value in changes.items():
        if value is None and field in {"full_name", "role", "is_active"}:
            continue
        setattr(user, field, value)
    if password is not None:
        user.password_hash = await hash_password_async(password)
    if password is not None or changes.get("is_active") is False:
        await revoke_all_tokens(session, user.id)
    await session.commit()
    return user


async def upsert_admin(session: AsyncSession, email: str, password: str, name: str) -> User:
    """Create an admin, or reset an existing account to an active admin with this password."""
    user = await get_user_by_email(session, email)
    if user is None:
        user = User(email=normalize_email(email), full_name=name, role=Role.admin, password_hash="")
        session.add(user)
    user.role = Role.admin
    user.is_active = True
    user.full_name = name or user.full_name
    user.password_hash = await hash_password_async(password)
    await session.commit()
    return user
