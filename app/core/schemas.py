"""Shared API shapes: pagination and the list envelope."""

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict


class Page(BaseModel):
    """``?limit=&offset=`` of a list request."""

    limit: int = 50
    offset: int = 0


def page_params(
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
