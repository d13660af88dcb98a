"""The paper state machine, the deadline, decisions and their agenda items, presented_at."""

from datetime import UTC, datetime, timedelta
from itertools import product

import httpx
import pytest

from app.users.models import Role
from tests.conftest import Actor, LiveServer, MakeActor
from tests.factories import API, create_seminar
from tests.realtime.viewer import Viewer
from tests.submissions.conftest import act, create_paper, paper_in, upload

STATUSES = [
    "draft",
    "submitted",
    "under_review",
    "selected_live",
    "accepted_written",
    "rejected",
    "withdrawn",
]
DECISIONS = ["under_review", "selected_live", "accepted_written", "rejected"]
ACTIONS = ["submit", "withdraw", *DECISIONS]
# What DESIGN.md allows, written out independently of the service's table.
LEGAL = {
    "draft": {"submit", "withdraw"},
    "submitted": {"withdraw", *DECISIONS},
    "under_review": {"withdraw", "selected_live", "accepted_written", "rejected"},
    "selected_live": set(DECISIONS),  # revising, or re-noting the same decision
    "accepted_written": set(DECISIONS),
    "rejected": set(DECISIONS),
    "withdrawn": set(),
}
ILLEGAL = [(s, a) for s, a in product(STATUSES, ACTIONS) if a not in LEGAL[s]]


async def _do(client: httpx.AsyncClient, speaker: Actor, organizer: Actor, paper_id: int, action):
    if action in ("submit", "withdraw"):
        return await act(client, speaker, paper_id, action)
    return await act(client, organizer, paper_id, "decision", status=action)


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
async def test_every_illegal_move_is_409_and_changes_nothing(
    client: httpx.AsyncClient,
    speaker: Actor,
    organizer: Actor,
    call: dict,
    status: str,
    action: str,
) -> None:
    paper = await paper_in(client, speaker, organizer, call["id"], status)
    if status == "draft":  # refused for its state, not for a missing file
        assert (await upload(client, speaker, paper["id"])).status_code == 201
    response = await _do(client, speaker, organizer, paper["id"], action)
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["params"]["current"] == status
    if status == "withdrawn":
        assert body["code"] == "submission.withdrawn_final"
    else:
        assert body["code"] == "submission.transition"
        assert body["params"]["target"] not in body["params"]["allowed"]
    after = await client.get(f"{API}/submissions/{paper['id']}", headers=organizer.headers)
    assert after.json()["status"] == status


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in STATUSES for a in sorted(LEGAL[s])])
async def test_every_legal_move_is_accepted(
    client: httpx.AsyncClient,
    speaker: Actor,
    organizer: Actor,
    call: dict,
    status: str,
    action: str,
) -> None:
    paper = await paper_in(client, speaker, organizer, call["id"], status)
    if action == "submit":
        assert (await upload(client, speaker, paper["id"])).status_code == 201
    response = await _do(client, speaker, organizer, paper["id"], action)
    assert response.status_code == 200, response.text
    expected = {"submit": "submitted", "withdraw": "withdrawn"}.get(action, action)
    assert response.json()["status"] == expected


async def test_the_full_path_sets_its_timestamps(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    paper = await paper_in(client, speaker, organizer, call["id"], "draft")
    assert paper["submitted_at"] is None
    no_file = await act(client, speaker, paper["id"], "submit")
    assert no_file.status_code == 409
    assert no_file.json()["code"] == "submission.needs_file"
    await upload(client, speaker, paper["id"])
    submitted = (await act(client, speaker, paper["id"], "submit")).json()
    assert submitted["submitted_at"] is not None and submitted["decided_at"] is None
    review = (await act(client, organizer, paper["id"], "decision", status="under_review")).json()
    assert review["status"] == "under_review" and review["decided_at"] is None
    chosen = await act(
        client, organizer, paper["id"], "decision", status="selected_live", note="Rất hay"
    )
    assert chosen.json()["decided_at"] is not None
    assert chosen.json()["decision_note"] == "Rất hay"
    revised = await act(
        client, organizer, paper["id"], "decision", status="accepted_written", note="Hết giờ"
    )
    assert revised.json()["status"] == "accepted_written"
    assert revised.json()["decision_note"] == "Hết giờ"
    assert revised.json()["submitted_at"] == submitted["submitted_at"]


async def test_speakers_edit_only_until_review_starts_organizers_later_too(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    paper = await paper_in(client, speaker, organizer, call["id"], "submitted")
    url = f"{API}/submissions/{paper['id']}"
    edited = await client.patch(
        url,
        json={
            "title": "Tiêu đề mới",
            "authors": [{"name": "Nguyễn Văn A", "unit": "Sở Y tế"}, {"name": "Lê Thị B"}],
        },
        headers=speaker.headers,
    )
    assert edited.status_code == 200, edited.text
    assert [a["name"] for a in edited.json()["authors"]] == ["Nguyễn Văn A", "Lê Thị B"]
    await act(client, organizer, paper["id"], "decision", status="under_review")
    late = await client.patch(url, json={"title": "Sửa muộn"}, headers=speaker.headers)
    assert late.status_code == 409
    assert late.json()["code"] == "submission.locked_for_speaker"
    assert late.json()["params"]["status"] == "under_review"
    assert (await upload(client, speaker, paper["id"])).status_code == 409
    fixed = await client.patch(url, json={"title": "Sửa lỗi chính tả"}, headers=organizer.headers)
    assert fixed.status_code == 200
    bad = await client.patch(url, json={"title": None}, headers=organizer.headers)
    assert bad.status_code == 422
    empty = await client.patch(url, json={"authors": []}, headers=organizer.headers)
    assert empty.status_code == 422
    too_long = await client.patch(url, json={"title": "x" * 501}, headers=organizer.headers)
    assert too_long.status_code == 422


async def test_after_the_deadline_speakers_cannot_create_edit_upload_or_submit(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor
) -> None:
    starts = datetime.now(UTC) + timedelta(days=30)
    seminar = await create_seminar(
        client,
        organizer,
        "published",
        submissions_open=True,
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        submissions_close_at=starts - timedelta(days=3),
    )
    draft = await paper_in(client, speaker, organizer, seminar["id"], "draft")
    filed = await paper_in(client, speaker, organizer, seminar["id"], "draft")
    await upload(client, speaker, filed["id"])
    submitted = await paper_in(client, speaker, organizer, seminar["id"], "submitted")
    # The organizers close the call early by moving the deadline into the past.
    close_at = datetime(2026, 7, 18, 10, 30, tzinfo=UTC)  # 17:30 in Hà Nội
    moved = await client.patch(
        f"{API}/seminars/{seminar['id']}",
        json={"submissions_close_at": close_at.isoformat()},
        headers=organizer.headers,
    )
    assert moved.status_code == 200, moved.text
    refusals = [
        await create_paper(client, speaker, seminar["id"]),
        await client.patch(
            f"{API}/submissions/{draft['id']}", json={"title": "Muộn"}, headers=speaker.headers
        ),
        await upload(client, speaker, draft["id"]),
        await act(client, speaker, filed["id"], "submit"),
        await client.patch(
            f"{API}/submissions/{submitted['id']}", json={"title": "M"}, headers=speaker.headers
        ),
    ]
    for response in refusals:
        assert response.status_code == 409, response.text
        assert "18/07/2026 17:30" in response.json()["detail"]
    # Organizers still can, on the speaker's behalf.
    late = await create_paper(client, organizer, seminar["id"], speaker_id=speaker.user.id)
    assert late.status_code == 201
    assert (await upload(client, organizer, late.json()["id"])).status_code == 201
    assert (await act(client, organizer, late.json()["id"], "submit")).status_code == 200
    assert (await act(client, organizer, filed["id"], "submit")).status_code == 200
    # Withdrawing is not sending: the speaker may still pull a paper out.
    assert (await act(client, speaker, submitted["id"], "withdraw")).status_code == 200


async def test_a_closed_or_unpublished_call_refuses_speakers(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor
) -> None:
    closed = await create_seminar(client, organizer, "published", submissions_open=False)
    refused = await create_paper(client, speaker, closed["id"])
    assert refused.status_code == 409
    assert refused.json()["code"] == "submission.call_closed"
    draft = await create_seminar(client, organizer, "draft", submissions_open=True)
    refused = await create_paper(client, speaker, draft["id"])
    assert refused.status_code == 409
    assert refused.json()["code"] == "submission.call_not_open"
    assert (await create_paper(client, speaker, 999_999)).status_code == 404


async def test_decisions_can_be_revised_until_the_seminar_ends(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor
) -> None:
    seminar = await create_seminar(client, organizer, "published", submissions_open=True)
    paper = await paper_in(client, speaker, organizer, seminar["id"], "selected_live")
    for verb in ("start", "end"):
        await client.post(f"{API}/seminars/{seminar['id']}/{verb}", headers=organizer.headers)
    late = await act(client, organizer, paper["id"], "decision", status="rejected")
    assert late.status_code == 409
    assert late.json()["code"] == "submission.seminar_final"
    assert late.json()["params"]["status"] == "ended"
    bulk = await client.post(
        f"{API}/seminars/{seminar['id']}/submissions/decisions",
        json={"submission_ids": [paper["id"]], "status": "rejected"},
        headers=organizer.headers,
    )
    assert bulk.status_code == 409
    cancelled = await create_seminar(client, organizer, "published", submissions_open=True)
    other = await paper_in(client, speaker, organizer, cancelled["id"], "submitted")
    await client.post(f"{API}/seminars/{cancelled['id']}/cancel", headers=organizer.headers)
    refused = await act(client, organizer, other["id"], "decision", status="selected_live")
    assert refused.status_code == 409


async def _agenda(client: httpx.AsyncClient, organizer: Actor, seminar_id: int) -> list[dict]:
    response = await client.get(f"{API}/seminars/{seminar_id}/agenda", headers=organizer.headers)
    return response.json()["items"]


async def test_selecting_with_add_to_agenda_places_the_paper_before_the_discussion(
    client: httpx.AsyncClient, make_actor: MakeActor, organizer: Actor, call: dict
) -> None:
    for kind, title in (("report", "Báo cáo đề dẫn"), ("discussion", "Thảo luận"),
                        ("closing", "Kết luận")):  # fmt: skip
        await client.post(
            f"{API}/seminars/{call['id']}/agenda",
            json={"kind": kind, "title": title},
            headers=organizer.headers,
        )
    hung = await make_actor(Role.speaker, full_name="Nguyễn Văn Hùng", unit="Sở Y tế")
    first = await paper_in(client, hung, organizer, call["id"], "submitted", title="Tham luận 1")
    second = await paper_in(client, hung, organizer, call["id"], "submitted", title="Tham luận 2")
    chosen = await act(
        client, organizer, first["id"], "decision", status="selected_live", add_to_agenda=True
    )
    assert chosen.status_code == 200, chosen.text
    item_id = chosen.json()["agenda_item_id"]
    assert item_id is not None
    await act(client, organizer, second["id"], "decision", status="selected_live",
              add_to_agenda=True, agenda_position=2)  # fmt: skip
    agenda = await _agenda(client, organizer, call["id"])
    assert [i["title"] for i in agenda] == [
        "Báo cáo đề dẫn", "Tham luận 2", "Tham luận 1", "Thảo luận", "Kết luận",
    ]  # fmt: skip
    item = agenda[2]
    assert (item["id"], item["kind"], item["submission_id"]) == (item_id, "paper", first["id"])
    assert (item["speaker_name"], item["speaker_unit"]) == ("Nguyễn Văn Hùng", "Sở Y tế")
    # Adding again does not duplicate; revising away keeps the item (organizers delete it).
    again = await act(
        client, organizer, first["id"], "decision", status="selected_live", add_to_agenda=True
    )
    assert again.json()["agenda_item_id"] == item_id
    written = await act(client, organizer, first["id"], "decision", status="accepted_written")
    assert written.json()["agenda_item_id"] == item_id
    assert len(await _agenda(client, organizer, call["id"])) == 5
    wrong = await act(
        client, organizer, second["id"], "decision", status="rejected", add_to_agenda=True
    )
    assert wrong.status_code == 422
    third = await paper_in(client, hung, organizer, call["id"], "submitted")
    too_far = await act(client, organizer, third["id"], "decision", status="selected_live",
                        add_to_agenda=True, agenda_position=99)  # fmt: skip
    assert too_far.status_code == 422
    unchanged = await client.get(f"{API}/submissions/{third['id']}", headers=organizer.headers)
    assert unchanged.json()["status"] == "submitted"  # nothing half-done


async def test_starting_the_paper_item_sets_presented_at_and_reaches_the_big_screen(
    live_server: LiveServer,
    client: httpx.AsyncClient,
    make_actor: MakeActor,
    organizer: Actor,
) -> None:
    seminar = await create_seminar(client, organizer, "published", submissions_open=True)
    hung = await make_actor(Role.speaker, full_name="Nguyễn Văn Hùng", unit="Sở Y tế")
    paper = await paper_in(client, hung, organizer, seminar["id"], "submitted")
    chosen = await act(
        client, organizer, paper["id"], "decision", status="selected_live", add_to_agenda=True
    )
    item_id = chosen.json()["agenda_item_id"]
    await client.post(f"{API}/seminars/{seminar['id']}/start", headers=organizer.headers)
    viewer = await Viewer().connect(live_server.url, {"seminar_id": seminar["id"]})
    started = await client.post(
        f"{API}/seminars/{seminar['id']}/agenda/{item_id}/start", headers=organizer.headers
    )
    assert started.status_code == 200, started.text
    await viewer.wait_for(lambda v: v.current is not None)
    assert viewer.current["submission_id"] == paper["id"]
    assert viewer.current["title"] == paper["title"]
    assert viewer.current["speaker_name"] == "Nguyễn Văn Hùng"
    assert viewer.current["speaker_unit"] == "Sở Y tế"
    assert [name for name, _ in viewer.events] == ["agenda"]
    await viewer.disconnect()
    presented = await client.get(f"{API}/submissions/{paper['id']}", headers=hung.headers)
    assert presented.json()["presented_at"] == started.json()["started_at"]
    listed = await client.get(
        f"{API}/seminars/{seminar['id']}/submissions", headers=organizer.headers
    )
    assert listed.json()["counts"]["presented"] == 1


async def test_bulk_decisions_are_all_or_nothing(
    client: httpx.AsyncClient, speaker: Actor, organizer: Actor, call: dict
) -> None:
    ok = [(await paper_in(client, speaker, organizer, call["id"], "submitted"))["id"]
          for _ in range(3)]  # fmt: skip
    draft = (await paper_in(client, speaker, organizer, call["id"], "draft"))["id"]
    withdrawn = (await paper_in(client, speaker, organizer, call["id"], "withdrawn"))["id"]
    url = f"{API}/seminars/{call['id']}/submissions/decisions"
    refused = await client.post(
        url,
        json={"submission_ids": [*ok, draft, withdrawn], "status": "accepted_written"},
        headers=organizer.headers,
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "submission.bulk_stuck"
    assert refused.json()["params"]["ids"] == [draft, withdrawn]
    assert [
        (e["params"]["submission_id"], e["params"]["status"]) for e in refused.json()["errors"]
    ] == [
        (draft, "draft"),
        (withdrawn, "withdrawn"),
    ]
    for paper_id in ok:
        got = await client.get(f"{API}/submissions/{paper_id}", headers=organizer.headers)
        assert got.json()["status"] == "submitted"
    other = await create_seminar(client, organizer, "published", submissions_open=True)
    foreign = (await paper_in(client, speaker, organizer, other["id"], "submitted"))["id"]
    unknown = await client.post(
        url, json={"submission_ids": [ok[0], foreign], "status": "rejected"},
        headers=organizer.headers,
    )  # fmt: skip
    assert unknown.status_code == 422
    assert str(foreign) in unknown.json()["detail"]
    done = await client.post(
        url,
        json={"submission_ids": [*ok, ok[0]], "status": "accepted_written", "note": "Kỷ yếu"},
        headers=organizer.headers,
    )
    assert done.status_code == 200, done.text
    items = done.json()["items"]
    assert [p["id"] for p in items] == ok
    assert {(p["status"], p["decision_note"]) for p in items} == {("accepted_written", "Kỷ yếu")}
    empty = await client.post(
        url, json={"submission_ids": [], "status": "rejected"}, headers=organizer.headers
    )
    assert empty.status_code == 422


async def test_counts_filters_and_diacritic_insensitive_search(
    client: httpx.AsyncClient, make_actor: MakeActor, organizer: Actor, call: dict
) -> None:
    hung = await make_actor(Role.speaker, full_name="Nguyễn Văn Hùng")
    lan = await make_actor(Role.speaker, full_name="Phạm Thị Lan")
    seminar_id = call["id"]
    await paper_in(client, hung, organizer, seminar_id, "selected_live",
                   title="Đổi mới sinh hoạt chi bộ", unit="Sở Y tế")  # fmt: skip
    await paper_in(client, hung, organizer, seminar_id, "accepted_written",
                   title="Ứng dụng công nghệ thông tin", unit="Sở Tài chính")  # fmt: skip
    await paper_in(client, lan, organizer, seminar_id, "withdrawn", title="Rút lại")
    await paper_in(client, lan, organizer, seminar_id, "rejected", title="Không chọn",
                   authors=[{"name": "Đặng Quốc Bảo", "unit": "Báo Bắc Giang"}])  # fmt: skip
    await paper_in(client, lan, organizer, seminar_id, "draft", title="Bản nháp", unit="Sở Y tế")
    await paper_in(client, lan, organizer, seminar_id, "submitted", title="Đã gửi")
    url = f"{API}/seminars/{seminar_id}/submissions"

    async def titles(**params: object) -> list[str]:
        response = await client.get(url, params=params, headers=organizer.headers)
        assert response.status_code == 200, response.text
        return [p["title"] for p in response.json()["items"]]

    body = (await client.get(url, headers=organizer.headers)).json()
    assert body["total"] == 6
    assert body["counts"] == {
        "received": 4,  # submitted ever: live, written, rejected, submitted; not draft/withdrawn
        "draft": 1,
        "submitted": 1,
        "under_review": 0,
        "selected_live": 1,
        "accepted_written": 1,
        "rejected": 1,
        "withdrawn": 1,
        "presented": 0,
    }
    assert await titles(status="selected_live") == ["Đổi mới sinh hoạt chi bộ"]
    assert await titles(unit="Sở Y tế") == ["Đổi mới sinh hoạt chi bộ", "Bản nháp"]
    assert await titles(q="sinh hoat chi bo") == ["Đổi mới sinh hoạt chi bộ"]
    assert await titles(q="NGUYEN van hung") == [
        "Đổi mới sinh hoạt chi bộ", "Ứng dụng công nghệ thông tin",
    ]  # fmt: skip
    assert await titles(q="bao bac giang") == ["Không chọn"]  # an author's unit
    assert await titles(q="dang quoc") == ["Không chọn"]  # an author's name
    assert await titles(q="tai chinh", status="accepted_written") == [
        "Ứng dụng công nghệ thông tin"
    ]
    assert await titles(q="100%_") == []
    filtered = (await client.get(url, params={"q": "hung"}, headers=organizer.headers)).json()
    assert filtered["counts"]["received"] == 4  # counts ignore the filters
    page = (await client.get(url, params={"limit": 2, "offset": 2},
                             headers=organizer.headers)).json()  # fmt: skip
    assert page["total"] == 6 and len(page["items"]) == 2
    assert (
        await client.get(url, params={"status": "nope"}, headers=organizer.headers)
    ).status_code == 422
    assert (
        await client.get(url, params={"q": "x" * 201}, headers=organizer.headers)
    ).status_code == 422


async def test_my_papers_lists_only_mine_across_seminars(
    client: httpx.AsyncClient, organizer: Actor, make_actor: MakeActor
) -> None:
    first = await create_seminar(client, organizer, "published", submissions_open=True)
    second = await create_seminar(client, organizer, "published", submissions_open=True)
    author = await make_actor(Role.speaker)
    other = await make_actor(Role.speaker)
    for seminar in (first, second):
        assert (await create_paper(client, author, seminar["id"])).status_code == 201
    assert (await create_paper(client, other, first["id"])).status_code == 201
    mine = await client.get(f"{API}/submissions", headers=author.headers)
    assert mine.status_code == 200
    body = mine.json()
    assert body["total"] == 2
    assert {p["seminar_id"] for p in body["items"]} == {first["id"], second["id"]}
    assert {p["speaker"]["id"] for p in body["items"]} == {author.user.id}
