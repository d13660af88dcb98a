"""The conclusion notice: written and rewritten by unlimited members, read by every
member, null until written; refused for a cancelled seminar."""

import httpx

from tests.conftest import Actor, MakeActor
from tests.factories import API, create_seminar
from tests.followup.conftest import Scene

BODY = {
    "text": "Hội thảo đã thành công tốt đẹp.\nCác đơn vị quán triệt kết luận.",
    "signed_by": "Nguyễn Văn An",
    "signer_title": "Phó Bí thư Thường trực",
    "issued_on": "2026-07-22",
    "number": "25-TB/ĐU",
}


async def test_the_conclusion_is_written_then_rewritten(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    url, headers = f"{scene.url}/conclusion", scene.organizer.headers
    assert (await client.get(url, headers=headers)).json() is None

    written = await client.put(url, json=BODY, headers=headers)
    rewritten = await client.put(url, json={**BODY, "number": None}, headers=headers)

    assert written.status_code == rewritten.status_code == 200, written.text
    read = (await client.get(url, headers=headers)).json()
    assert read["text"] == BODY["text"] and read["number"] is None
    assert read["issued_on"] == "2026-07-22"


async def test_bad_input_is_422_and_a_cancelled_seminar_409(
    client: httpx.AsyncClient, scene: Scene, organizer: Actor
) -> None:
    url, headers = f"{scene.url}/conclusion", scene.organizer.headers
    for bad in ({**BODY, "text": ""}, {**BODY, "issued_on": "9999-01-01"}, {**BODY, "x": 1}):
        assert (await client.put(url, json=bad, headers=headers)).status_code == 422
    cancelled = await create_seminar(client, organizer, "cancelled")
    refused = await client.put(
        f"{API}/seminars/{cancelled['id']}/conclusion", json=BODY, headers=headers
    )
    assert refused.status_code == 409 and refused.json()["code"] == "followup.seminar_cancelled"


async def test_a_limited_member_reads_but_does_not_write(
    client: httpx.AsyncClient, scene: Scene, make_actor: MakeActor
) -> None:
    north_staff = await make_actor()
    await client.post(
        f"{scene.url}/members",
        json={"user_id": north_staff.user.id, "subtree_site_id": scene.north.id},
        headers=scene.organizer.headers,
    )
    await client.put(f"{scene.url}/conclusion", json=BODY, headers=scene.organizer.headers)

    read = await client.get(f"{scene.url}/conclusion", headers=north_staff.headers)
    write = await client.put(f"{scene.url}/conclusion", json=BODY, headers=north_staff.headers)

    assert read.status_code == 200 and read.json()["signed_by"] == "Nguyễn Văn An"
    assert write.status_code == 403
