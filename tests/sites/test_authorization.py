"""Only staff may use the directory (it holds coordinators' personal data)."""

import httpx
import pytest

from app.users.models import Role
from tests.conftest import MakeActor
from tests.sites.conftest import IMPORT, SITES, MakeSite, csv_bytes


def _calls(site_id: int) -> list[tuple[str, str, dict]]:
    """Every directory endpoint with a valid request for it."""
    return [
        ("GET", SITES, {}),
        ("GET", SITES + "?q=so", {}),
        ("POST", SITES, {"json": {"code": "NEW", "name": "Sở mới"}}),
        ("POST", IMPORT, {"files": {"file": ("s.csv", csv_bytes("code,name", "IMP,Nhập"))}}),
        ("GET", f"{SITES}/{site_id}", {}),
        ("PATCH", f"{SITES}/{site_id}", {"json": {"capacity": 10}}),
        ("DELETE", f"{SITES}/{site_id}", {}),
    ]


_ALLOWED = {"GET": 200, "POST": 201, "PATCH": 200, "DELETE": 204}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 401),
        ("bad token", 401),
        ("speaker", 403),
        ("organizer", None),
        ("admin", None),
    ],
)
async def test_every_endpoint_by_role(
    client: httpx.AsyncClient,
    make_actor: MakeActor,
    make_site: MakeSite,
    who: str,
    expected: int | None,
) -> None:
    headers: dict[str, str] = {}
    if who == "bad token":
        headers = {"Authorization": "Bearer not-a-token"}
    elif who != "anonymous":
        headers = (await make_actor(Role(who))).headers
    for method, url, kwargs in _calls((await make_site("Sở Nội vụ"))["id"]):
        response = await client.request(method, url, headers=headers, **kwargs)
        want = expected or (200 if url == IMPORT else _ALLOWED[method])
        assert response.status_code == want, (method, url, response.text)
        if response.status_code >= 400:
            assert "detail" in response.json()
