"""User administration (admins only)."""

from fastapi import APIRouter

from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.schemas import ItemList, PageDep, PathId
from app.users import service
from app.users.schemas import UserCreate, UserRead, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=ItemList[UserRead])
async def list_users(session: SessionDep, actor: CurrentUser, page: PageDep) -> dict:
    users, total = await service.list_users(session, actor, page)
    return {"items": users, "total": total}


@router.post("", response_model=UserRead, status_code=201)
async def create_user(session: SessionDep, actor: CurrentUser, data: UserCreate) -> object:
    return await service.create_user(session, actor, data)


@router.patch("/{user_id}", response_model=UserRead)
async def update_user(
    session: SessionDep, actor: CurrentUser, user_id: PathId, data: UserUpdate
) -> object:
    return await service.update_user(session, actor, user_id, data)
