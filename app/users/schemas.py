"""User API shapes."""

from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, StringConstraints

from app.core.schemas import LINE, ORMModel, RequestModel
from app.users.models import Role

Password = Annotated[str, StringConstraints(min_length=8, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), LINE]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), LINE] | None


class UserRead(ORMModel):
    id: int
    email: str
    full_name: str
    role: Role
    unit: str | None
    position: str | None
    is_active: bool
    created_at: datetime


class UserCreate(RequestModel):
    email: EmailStr
    full_name: Name
    role: Role = Role.organizer
    unit: OptionalText = None
    position: OptionalText = None
    password: Password


class UserUpdate(RequestModel):
    full_name: Name | None = None
    role: Role | None = None
    unit: OptionalText = None
    position: OptionalText = None
    is_active: bool | None = None
    password: Password | None = None


class SpeakerSignup(RequestModel):
    email: EmailStr
    full_name: Name
    unit: OptionalText = None
    position: OptionalText = None
    password: Password
