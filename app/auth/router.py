"""Log in (OAuth2 password flow), log out, who am I, speaker sign-up."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from app.auth import service
from app.auth.dependencies import (
    AuthThrottleDep,
    BearerToken,
    ClientHost,
    CurrentUser,
    SettingsDep,
)
from app.auth.schemas import TokenResponse
from app.core.db import SessionDep
from app.users.schemas import SpeakerSignup, UserRead
from app.users.service import register_speaker

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse)
async def issue_token(
    request: Request,
    settings: SettingsDep,
    throttle: AuthThrottleDep,
    host: ClientHost,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> TokenResponse:
    db = request.app.state.db
    token = await service.login(db, form.username, form.password, settings, throttle, host)
    return TokenResponse(access_token=token)


@router.post("/logout", status_code=204)
async def logout(session: SessionDep, _user: CurrentUser, token: BearerToken) -> None:
    assert token is not None  # CurrentUser guarantees a valid token
    await service.revoke_token(session, token)


@router.get("/me", response_model=UserRead)
async def me(user: CurrentUser) -> object:
    return user


async def _signup_allowed(throttle: AuthThrottleDep, host: ClientHost) -> None:
    await throttle.signup(host)


@router.post(
    "/register",
    response_model=UserRead,
    status_code=201,
    dependencies=[Depends(_signup_allowed)],
)
async def register(session: SessionDep, data: SpeakerSignup) -> object:
    return await register_speaker(session, data)
