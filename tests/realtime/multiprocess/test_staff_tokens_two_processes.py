"""A token revoked through one process closes the staff views it opened on another."""

import httpx

from tests.conftest import Actor
from tests.factories import API, create_seminar
from tests.faults.conftest import DiemcauServer
from tests.realtime.conftest import refusal
from tests.realtime.multiprocess.test_two_processes import started
from tests.realtime.viewer import Socket


async def test_logging_out_on_one_process_closes_the_staff_view_on_the_other(
    client: httpx.AsyncClient,
    organizer: Actor,
    pair: list[DiemcauServer],
    https: list[httpx.AsyncClient],
) -> None:
    seminar = await create_seminar(client, organizer, "live")
    _a, b = pair
    for server in pair:
        server.env["DIEMCAU_STAFF_TOKEN_CHECK_S"] = "0.2"
    http_a, _http_b = https
    await started(pair, https)
    auth = {"access_token": organizer.token, "seminar_id": seminar["id"]}
    view_on_b = await Socket().connect(b.url, auth)
    try:
        out = await http_a.post(f"{API}/auth/logout", headers=organizer.headers)
        assert out.status_code == 204

        await view_on_b.closed_by_server()
        assert (await refusal(b.url, auth))["code"] == "live.unknown_access_token"
    finally:
        await view_on_b.close()
