"""Request dependencies that identify the caller."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from app.auth.messages import TOKEN_INVALID
from app.auth.service import user_for_token
from app.auth.throttle import AuthThrottle
from app.core.config import API_PREFIX, Settings
from app.core.db import SessionDep
from app.core.errors import Unauthorized
from app.users.models import User

oauth2_scheme = OAuth2PasswordBearer(tokenUrl=f"{API_PREFIX}/auth/token", auto_error=False)
BearerToken = Annotated[str | None, Depends(oauth2_scheme)]


async def get_app_settings(request: Request) -> Settings:
    """The settings the running app was created with."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


async def get_auth_throttle(request: Request) -> AuthThrottle:
    """The running app's login throttle (per address and per account+address)."""
    return request.app.state.auth_throttle


AuthThrottleDep = Annotated[AuthThrottle, Depends(get_auth_throttle)]


async def client_host(request: Request) -> str | None:
    """The client's address from the ASGI scope; behind a reverse proxy uvicorn's
    ``--proxy-headers`` (``--forwarded-allow-ips`` naming the proxy) puts the real one there."""
    return request.client.host if request.client else None


ClientHost = Annotated[str | None, Depends(client_host)]


async def optional_user(session: SessionDep, token: BearerToken) -> User | None:
    """The logged-in user, or None for an anonymous caller."""
    if not token:
        return None
    user = await user_for_token(session, token)
    if user is None:
        raise Unauthorized(TOKEN_INVALID)
    return user


async def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    """The logged-in user; 401 for anonymous callers."""
    if user is None:
        raise Unauthorized()
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
