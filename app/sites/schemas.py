"""Site directory API shapes."""

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, EmailStr, Field, StringConstraints, model_validator

from app.core.errors import invalid
from app.core.schemas import LINE, ORMModel, RequestModel, RowId
from app.sites import messages as msg
from app.sites.models import SiteLevel


def _blank_to_none(value: Any) -> Any:
    """Forms and spreadsheets send "" for an empty field: treat it as "not given"."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _level_cell(value: Any) -> Any:
    """Spreadsheet cells: " Province " means province; empty means "not given"."""
    value = _blank_to_none(value)
    return value.strip().lower() if isinstance(value, str) else value


Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), LINE]
SiteName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), LINE
]
Locality = Annotated[
    Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), LINE] | None,
    BeforeValidator(_blank_to_none),
]
PersonName = Annotated[
    Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), LINE] | None,
    BeforeValidator(_blank_to_none),
]
Phone = Annotated[
    Annotated[str, StringConstraints(strip_whitespace=True, max_length=50), LINE] | None,
    BeforeValidator(_blank_to_none),
]
# EmailStr already refuses over-long addresses (email-validator's 254-character limit).
Email = Annotated[EmailStr | None, BeforeValidator(_blank_to_none)]
# A hall for ten million people is not a typo we need to accept.
Capacity = Annotated[
    Annotated[int, Field(ge=0, le=10_000_000)] | None, BeforeValidator(_blank_to_none)
]


class SiteRead(ORMModel):
    id: int
    code: str
    name: str
    parent_id: int | None
    level: SiteLevel
    locality: str | None
    coordinator_name: str | None
    coordinator_phone: str | None
    coordinator_email: str | None
    capacity: int | None
    children_count: int = 0


class SiteCreate(RequestModel):
    code: Code
    name: SiteName
    parent_id: RowId | None = None
    level: SiteLevel = SiteLevel.unit
    locality: Locality = None
    coordinator_name: PersonName = None
    coordinator_phone: Phone = None
    coordinator_email: Email = None
    capacity: Capacity = None


_REQUIRED_ON_UPDATE = ("code", "name", "level")


class SiteUpdate(RequestModel):
    """PATCH: only the fields sent change; ``parent_id: null`` moves the site to the top."""

    code: Code | None = None
    name: SiteName | None = None
    parent_id: RowId | None = None
    level: SiteLevel | None = None
    locality: Locality = None
    coordinator_name: PersonName = None
    coordinator_phone: Phone = None
    coordinator_email: Email = None
    capacity: Capacity = None

    @model_validator(mode="after")
    def _required_fields_are_not_cleared(self) -> "SiteUpdate":
        for field in _REQUIRED_ON_UPDATE:
            if field in self.model_fields_set and getattr(self, field) is None:
                raise invalid(msg.FIELD_NOT_NULL, field=field)
        return self


class SiteImportRow(BaseModel):
    """One CSV row after parsing; the same field rules as the API."""

    code: Code
    name: SiteName
    parent_code: Annotated[Code | None, BeforeValidator(_blank_to_none)] = None
    level: Annotated[SiteLevel | None, BeforeValidator(_level_cell)] = None
    locality: Locality = None
    coordinator_name: PersonName = None
    coordinator_phone: Phone = None
    coordinator_email: Email = None
    capacity: Capacity = None


class SiteImportResult(BaseModel):
    created: int
    updated: int


class SiteRef(ORMModel):
    """A site named briefly (e.g. the subtree a seminar member is limited to)."""

    id: int
    code: str
    name: str
