"""Log in (OAuth2 password flow), log out, who am I, speaker sign-up."""

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from app.auth import service
from app.auth.dependencies import BearerToken, CurrentUser, SettingsDep
from app.auth.schemas import TokenResponse
from app.core.db import SessionDep
from app.users.schemas import SpeakerSignup, UserRead
from app.users.service import register_speaker

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse)
async def issue_token(
    session: SessionDep,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> TokenResponse:
    token = await service.login(session, form.username, form.password, settings)
    return TokenResponse(access_token=token)


@router.post("/logout", status_code=204)
async def logout(session: SessionDep, _user: CurrentUser, token: BearerToken) -> None:
    assert token is not None  # CurrentUser guarantees a valid token
    await service.revoke_token(session, token)


@router.get("/me", response_model=UserRead)
async def me(user: CurrentUser) -> object:
    return user


@router.post("/register", response_model=UserRead, status_code=201)
async def register(session: SessionDep, data: SpeakerSignup) -> object:
    return await register_speaker(session, data)
