"""Shared API shapes: pagination and the list envelope."""

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

# Database ids are 32-bit on every backend we run on: a larger number is a client error
# (422), not an overflow deep in the driver (500).
MAX_ID = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


class Page(BaseModel):
    """``?limit=&offset=`` of a list request."""

    limit: int = 50
    offset: int = 0


async def page_params(
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


PageDep = Annotated[Page, Depends(page_params)]


T = TypeVar("T")


class ItemList(BaseModel, Generic[T]):
    """Every list answers ``{"items": [...], "total": n}``."""

    items: list[T]
    total: int


class ORMModel(BaseModel):
    """Response models read straight from ORM objects."""

    model_config = ConfigDict(from_attributes=True)
