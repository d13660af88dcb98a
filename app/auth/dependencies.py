"""Request dependencies that identify the caller."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from app.auth.service import user_for_token
from app.core.config import Settings
from app.core.db import SessionDep
from app.core.errors import Unauthorized
from app.users.models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
BearerToken = Annotated[str | None, Depends(oauth2_scheme)]


async def get_app_settings(request: Request) -> Settings:
    """The settings the running app was created with."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


async def optional_user(session: SessionDep, token: BearerToken) -> User | None:
    """The logged-in user, or None for an anonymous caller."""
    if not token:
        return None
    user = await user_for_token(session, token)
    if user is None:
        raise Unauthorized("Invalid or expired token; log in again")
    return user


async def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    """The logged-in user; 401 for anonymous callers."""
    if user is None:
        raise Unauthorized()
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
