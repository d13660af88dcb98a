"""DESIGN.md "Limits" on every request: text hygiene, integers and ids in range, dates in
2000–2100, unknown fields refused; and bodies that are not what a route reads are 4xx."""

import types
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

import annotated_types
import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo

from app.core.schemas import DATE_RANGE, LINE, MAX_INT64, TEXT
from app.sites.models import Site
from tests.conftest import Actor
from tests.factories import API, create_seminar, create_site

# Secrets are compared byte for byte, never shown or stored as text.
NOT_TEXT = {"password"}


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif getattr(route, "original_router", None) is not None:  # FastAPI's included router
            yield from _api_routes(route.original_router.routes)


def _leaves(annotation: Any, metadata: tuple = ()) -> Iterator[tuple[Any, tuple]]:
    """The scalar types inside ``annotation``, each with every constraint that applies."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        flat: list[Any] = []
        for item in extra:
            flat.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        yield from _leaves(base, metadata + tuple(flat))
    elif origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            yield from _leaves(arg, metadata)
    elif origin in (list, set, tuple, frozenset, dict):  # a dict: its keys and its values
        for arg in get_args(annotation):
            yield from _leaves(arg, ())
    else:
        yield annotation, metadata


def _fields(model: type[BaseModel], seen: set[type]) -> Iterator[tuple[str, Any, tuple]]:
    if model in seen:
        return
    seen.add(model)
    for name, field in model.model_fields.items():
        for leaf, metadata in _leaves(field.annotation, tuple(field.metadata)):
            if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                yield from _fields(leaf, seen)
            else:
                yield f"{model.__name__}.{name}", leaf, metadata


def _request_inputs(app: FastAPI) -> Iterator[tuple[str, Any, tuple]]:
    """Every scalar a client sends: body fields (nested models too), query and path params."""
    seen: set[type] = set()
    for route in _api_routes(app.routes):
        if not route.include_in_schema:
            continue  # the single-page app's fallback: any path is a page
        stack = [route.dependant]
        while stack:
            dependant = stack.pop()
            stack.extend(dependant.dependencies)
            for param in dependant.query_params + dependant.path_params:
                info = param.field_info
                for leaf, metadata in _leaves(info.annotation, tuple(info.metadata)):
                    yield f"{route.path} ?{param.name}", leaf, metadata
            for param in dependant.body_params:
                annotation = param.field_info.annotation
                if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                    yield from _fields(annotation, seen)


def _request_models(app: FastAPI) -> set[type[BaseModel]]:
    models: set[type] = set()
    for route in _api_routes(app.routes):
        for param in route.dependant.body_params:
            stack = [param.field_info.annotation]
            while stack:
                annotation = stack.pop()
                for leaf, _ in _leaves(annotation):
                    is_model = isinstance(leaf, type) and issubclass(leaf, BaseModel)
                    if is_model and leaf not in models:
                        models.add(leaf)
                        stack.extend(f.annotation for f in leaf.model_fields.values())
    return models


def test_every_free_text_input_goes_through_the_one_text_validator(app: FastAPI) -> None:
    unchecked = [
        where
        for where, leaf, metadata in _request_inputs(app)
        if leaf is str
        and where.rsplit(".", 1)[-1] not in NOT_TEXT
        and LINE not in metadata
        and TEXT not in metadata
    ]
    assert unchecked == []


def test_every_integer_input_is_bounded_within_64_bits(app: FastAPI) -> None:
    def bounded(metadata: tuple) -> bool:
        low = [m.ge for m in metadata if isinstance(m, annotated_types.Ge)]
        high = [m.le for m in metadata if isinstance(m, annotated_types.Le)]
        return bool(low and high) and min(low) >= -MAX_INT64 - 1 and max(high) <= MAX_INT64

    unbounded = [
        where
        for where, leaf, metadata in _request_inputs(app)
        if leaf is int and not bounded(metadata)
    ]
    assert unbounded == []


def test_every_date_input_is_checked_for_the_2000_to_2100_range(app: FastAPI) -> None:
    unchecked = [
        where
        for where, leaf, metadata in _request_inputs(app)
        if leaf in (date, datetime, AwareDatetime) and DATE_RANGE not in metadata
    ]
    assert unchecked == []


def test_every_request_body_model_refuses_unknown_fields(app: FastAPI) -> None:
    models = _request_models(app)
    assert len(models) >= 10
    lenient = sorted(m.__name__ for m in models if m.model_config.get("extra") != "forbid")
    assert lenient == []


def test_every_input_is_of_a_known_kind(app: FastAPI) -> None:
    """Guards the checks above: a new kind of input must be thought about here."""
    for where, leaf, _ in _request_inputs(app):
        known = (
            leaf in (str, int, bool, date, datetime, AwareDatetime, type(None))
            or get_origin(leaf) is Literal
        )
        known = known or (isinstance(leaf, type) and issubclass(leaf, Enum))
        known = known or getattr(leaf, "__name__", "") == "EmailStr"
        known = known or leaf is UUID  # parsed into a UUID: no free text gets through
        assert known, (where, leaf)


def _error_types(response: httpx.Response) -> list[str]:
    return [e["type"] for e in response.json()["errors"]]


# --- text hygiene ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad", ["Ban\x00Tuyên giáo", "Ban\x01", "Ban\x7f", "\x1bBan", "Ban\x85Tuyên"]
)
async def test_a_control_character_in_a_name_is_422_and_nothing_is_stored(
    client: httpx.AsyncClient, organizer: Actor, bad: str
) -> None:
    response = await client.post(
        f"{API}/sites", json={"code": "BTG", "name": bad}, headers=organizer.headers
    )
    assert response.status_code == 422
    assert response.json()["code"] == "request.invalid"
    assert _error_types(response) == ["text.control_character"]
    assert response.json()["errors"][0]["loc"] == ["body", "name"]
    assert "ký tự điều khiển" in response.json()["detail"]
    listed = await client.get(f"{API}/sites", headers=organizer.headers)
    assert listed.json()["total"] == 0


async def test_a_title_with_u0001_is_422_on_create_and_on_edit(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    body = {"title": "Hội thảo\u0001", "starts_at": "2026-07-19T08:00:00+07:00"}
    created = await client.post(f"{API}/seminars", json=body, headers=organizer.headers)
    assert created.status_code == 422
    assert _error_types(created) == ["text.control_character"]
    seminar = await create_seminar(client, organizer)
    edited = await client.patch(
        f"{API}/seminars/{seminar['id']}",
        json={"venue": "Hội trường\x00"},
        headers=organizer.headers,
    )
    assert edited.status_code == 422
    assert _error_types(edited) == ["text.control_character"]


async def test_one_line_fields_refuse_line_breaks_free_text_keeps_them(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    body = {"title": "Hội thảo\nkhoa học", "starts_at": "2026-07-19T08:00:00+07:00"}
    response = await client.post(f"{API}/seminars", json=body, headers=organizer.headers)
    assert response.status_code == 422
    assert _error_types(response) == ["text.one_line"]
    body = {
        "title": "Hội thảo",
        "description": "Dòng một\r\n\tDòng hai",
        "starts_at": "2026-07-19T08:00:00+07:00",
    }
    response = await client.post(f"{API}/seminars", json=body, headers=organizer.headers)
    assert response.status_code == 201
    assert response.json()["description"] == "Dòng một\n\tDòng hai"


async def test_text_is_stripped_and_stored_in_nfc(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    decomposed = unicodedata.normalize("NFD", "  Đảng ủy Bắc Giang ")
    response = await client.post(
        f"{API}/sites", json={"code": "BG", "name": decomposed}, headers=organizer.headers
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Đảng ủy Bắc Giang"
    found = await client.get(f"{API}/sites", params={"q": "bac giang"}, headers=organizer.headers)
    assert found.json()["total"] == 1


async def test_a_nul_in_a_search_query_is_422(client: httpx.AsyncClient, organizer: Actor) -> None:
    response = await client.get(f"{API}/sites", params={"q": "a\x00"}, headers=organizer.headers)
    assert response.status_code == 422
    assert _error_types(response) == ["text.control_character"]


async def test_a_nul_in_a_sign_up_name_is_422_and_no_account_is_made(
    client: httpx.AsyncClient,
) -> None:
    body = {"email": "an@example.vn", "full_name": "Nguyễn\x00An", "password": "mat-khau-dai"}
    response = await client.post(f"{API}/auth/register", json=body)
    assert response.status_code == 422
    assert _error_types(response) == ["text.control_character"]
    body["full_name"] = "Nguyễn An"
    assert (await client.post(f"{API}/auth/register", json=body)).status_code == 201


async def test_a_control_character_in_an_imported_csv_is_reported_on_its_line(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    content = "code,name\nA,Ban Tuyên giáo\nB,Văn\x01phòng\n".encode()
    response = await client.post(
        f"{API}/sites/import",
        files={"file": ("sites.csv", content, "text/csv")},
        headers=organizer.headers,
    )
    assert response.status_code == 422
    assert "3" in str(response.json())  # line 3
    listed = await client.get(f"{API}/sites", headers=organizer.headers)
    assert listed.json()["total"] == 0


# --- integers and ids -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"offset": "1e20"},
        {"offset": str(10**20)},
        {"offset": str(2**63)},
        {"parent_id": "1e20"},
        {"parent_id": str(10**20)},
        {"parent_id": str(2**31)},
        {"limit": str(10**30)},
    ],
)
async def test_integers_beyond_their_range_in_a_query_are_422(
    client: httpx.AsyncClient, organizer: Actor, query: dict[str, str]
) -> None:
    response = await client.get(f"{API}/sites", params=query, headers=organizer.headers)
    assert response.status_code == 422
    assert response.json()["code"] == "request.invalid"


async def test_the_largest_64_bit_offset_is_an_empty_page(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    response = await client.get(
        f"{API}/sites", params={"offset": str(2**63 - 1)}, headers=organizer.headers
    )
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("parent_id", [1e20, 10**20, 2**31, 2**64])
async def test_ids_beyond_32_bits_in_a_body_are_422(
    client: httpx.AsyncClient, organizer: Actor, parent_id: float
) -> None:
    response = await client.post(
        f"{API}/sites",
        json={"code": "A", "name": "A", "parent_id": parent_id},
        headers=organizer.headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "parent_id"]


@pytest.mark.parametrize("path", [f"/sites/{2**31}", f"/seminars/{10**30}", "/seminars/1e20"])
async def test_ids_beyond_32_bits_in_a_path_are_422(
    client: httpx.AsyncClient, organizer: Actor, path: str
) -> None:
    response = await client.get(API + path, headers=organizer.headers)
    assert response.status_code == 422
    assert response.json()["code"] == "request.invalid"


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-05:00", "1999-12-31T12:00:00Z"]
)
async def test_dates_outside_2000_to_2100_are_422_everywhere(
    client: httpx.AsyncClient, organizer: Actor, when: str
) -> None:
    body = {"title": "Hội thảo", "starts_at": when}
    created = await client.post(f"{API}/seminars", json=body, headers=organizer.headers)
    assert created.status_code == 422
    assert _error_types(created) == ["date.out_of_range"]
    seminar = await create_seminar(client, organizer)
    edited = await client.patch(
        f"{API}/seminars/{seminar['id']}",
        json={"registration_closes_at": when},
        headers=organizer.headers,
    )
    assert edited.status_code == 422
    assert _error_types(edited) == ["date.out_of_range"]
    agenda = await client.post(
        f"{API}/seminars/{seminar['id']}/agenda",
        json={"kind": "opening", "title": "Khai mạc", "planned_start": when},
        headers=organizer.headers,
    )
    assert agenda.status_code == 422
    assert _error_types(agenda) == ["date.out_of_range"]


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-05:00"])
async def test_a_headcount_report_dated_outside_the_range_is_422_not_500(
    client: httpx.AsyncClient, when: str
) -> None:
    response = await client.post(
        f"{API}/site/headcount",
        json={"headcount": 3, "request_id": "r-1", "reported_at": when},
        headers={"X-Site-Token": "any-token"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "request.invalid"
    assert _error_types(response) == ["date.out_of_range"]


async def test_the_edges_of_the_date_range_are_accepted(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    for when in ("2000-01-01T00:00:00+07:00", "2100-12-31T23:59:59-05:00"):
        body = {"title": "Hội thảo", "starts_at": when}
        response = await client.post(f"{API}/seminars", json=body, headers=organizer.headers)
        assert response.status_code == 201, response.text


# --- unknown fields -----------------------------------------------------------------------


async def test_an_unknown_field_is_422_naming_it_and_nothing_is_stored(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    response = await client.post(
        f"{API}/sites",
        json={"code": "A", "name": "A", "capacty": 120},  # a typo, not silently dropped
        headers=organizer.headers,
    )
    assert response.status_code == 422
    assert _error_types(response) == ["extra_forbidden"]
    assert response.json()["errors"][0]["loc"] == ["body", "capacty"]
    listed = await client.get(f"{API}/sites", headers=organizer.headers)
    assert listed.json()["total"] == 0


async def test_an_unknown_field_in_a_nested_author_is_422(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer)
    response = await client.post(
        f"{API}/seminars/{seminar['id']}/submissions",
        json={"title": "Tham luận", "authors": [{"name": "An", "email": "an@example.vn"}]},
        headers=organizer.headers,
    )
    assert response.status_code == 422
    assert _error_types(response) == ["extra_forbidden"]


# --- bodies that are not JSON ---------------------------------------------------------------


async def test_a_binary_multipart_body_on_a_json_route_is_4xx(
    client: httpx.AsyncClient, organizer: Actor, session: Any
) -> None:
    site: Site = await create_site(session, "A", "Ban A")
    files = {"file": ("x.bin", bytes(range(256)) * 64, "application/octet-stream")}
    for method, path in (
        ("PATCH", "/sites/import"),
        ("PATCH", f"/sites/{site.id}"),
        ("POST", "/seminars"),
        ("POST", "/auth/register"),
    ):
        response = await client.request(method, API + path, files=files, headers=organizer.headers)
        assert 400 <= response.status_code < 500, (path, response.text)
        assert response.json()["code"]


@pytest.mark.parametrize("path", ["/seminars", "/auth/register", "/site/headcount"])
async def test_invalid_utf8_json_is_4xx(
    client: httpx.AsyncClient, organizer: Actor, path: str
) -> None:
    response = await client.post(
        API + path,
        content=b'{"title": "\xff\xfe", "request_id": "\xc3", "headcount": 1}',
        headers={**organizer.headers, "Content-Type": "application/json", "X-Site-Token": "x"},
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["code"]
