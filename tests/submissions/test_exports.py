"""Proceedings bundle and the list of papers, opened and read back."""

import csv
import io
import zipfile
from datetime import datetime

import httpx
import pytest
from openpyxl import load_workbook

from app.users.models import Role
from tests.conftest import Actor, MakeActor
from tests.factories import API
from tests.submissions.conftest import DOCX, PDF, act, paper_in, upload


@pytest.fixture
async def papers(
    client: httpx.AsyncClient, make_actor: MakeActor, organizer: Actor, call: dict
) -> dict[str, dict]:
    """Two live papers (on the agenda in reverse order of sending), one written, one
    rejected, one withdrawn, one draft."""
    seminar_id = call["id"]
    await client.post(
        f"{API}/seminars/{seminar_id}/agenda",
        json={"kind": "discussion", "title": "Thảo luận"},
        headers=organizer.headers,
    )
    hung = await make_actor(Role.speaker, full_name="Nguyễn Văn Hùng", unit="Sở Y tế")
    lan = await make_actor(Role.speaker, full_name="Phạm Thị Lan", unit="Sở Tài chính")
    out = {
        "first": await paper_in(client, hung, organizer, seminar_id, "submitted",
                                title="Đổi mới sinh hoạt chi bộ: kinh nghiệm/giải pháp"),
        "second": await paper_in(client, lan, organizer, seminar_id, "submitted",
                                 title="=Ứng dụng công nghệ thông tin",
                                 authors=[{"name": "Phạm Thị Lan", "unit": "Sở Tài chính"},
                                          {"name": "Lê Văn Dũng", "position": "Chuyên viên"}]),
        "written": await paper_in(client, hung, organizer, seminar_id, "accepted_written",
                                  title="Kỷ yếu: bài viết"),
        "rejected": await paper_in(client, lan, organizer, seminar_id, "rejected",
                                   title="Không chọn"),
        "withdrawn": await paper_in(client, lan, organizer, seminar_id, "withdrawn",
                                    title="Đã rút"),
        "draft": await paper_in(client, lan, organizer, seminar_id, "draft", title="Nháp"),
    }  # fmt: skip
    # A newer DOCX version of the written paper: the bundle takes the latest.
    assert (
        await upload(client, organizer, out["written"]["id"], DOCX, "v2.docx")
    ).status_code == 201
    await act(client, organizer, out["first"]["id"], "decision", status="selected_live",
              add_to_agenda=True, note="Trình bày")  # fmt: skip
    await act(client, organizer, out["second"]["id"], "decision", status="selected_live",
              add_to_agenda=True, agenda_position=1)  # fmt: skip
    return out


async def test_the_proceedings_zip_holds_the_latest_file_of_accepted_papers_in_order(
    client: httpx.AsyncClient, organizer: Actor, call: dict, papers: dict
) -> None:
    response = await client.get(
        f"{API}/seminars/{call['id']}/exports/proceedings.zip", headers=organizer.headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert f"ky-yeu-{call['slug']}.zip" in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        names = bundle.namelist()
        assert names == [
            "01 - Phạm Thị Lan, Lê Văn Dũng - =Ứng dụng công nghệ thông tin.pdf",
            "02 - Nguyễn Văn Hùng - Đổi mới sinh hoạt chi bộ  kinh nghiệm giải pháp.pdf"
            .replace("  ", " "),
            "03 - Nguyễn Văn Hùng - Kỷ yếu  bài viết.docx".replace("  ", " "),
        ]  # fmt: skip
        assert bundle.read(names[0]) == PDF
        assert bundle.read(names[2]) == DOCX
        assert all(info.flag_bits & 0x800 for info in bundle.infolist())  # UTF-8 names


async def test_the_papers_xlsx_has_typed_cells_a_frozen_header_and_widths(
    client: httpx.AsyncClient, organizer: Actor, call: dict, papers: dict
) -> None:
    response = await client.get(
        f"{API}/seminars/{call['id']}/exports/papers.xlsx", headers=organizer.headers
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == [
        "STT", "Tiêu đề", "Tác giả", "Đơn vị", "Người gửi", "Email", "Trạng thái",
    ]  # fmt: skip
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["B"].width >= 40
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    # Drafts are not papers yet; live first in agenda order, then written, then the rest.
    assert [r[1] for r in rows] == [
        "=Ứng dụng công nghệ thông tin",  # text, never a formula
        "Đổi mới sinh hoạt chi bộ: kinh nghiệm/giải pháp",
        "Kỷ yếu: bài viết",
        "Không chọn",
        "Đã rút",
    ]
    assert sheet["B2"].data_type == "s"
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]  # numbers, not text
    assert rows[0][2] == "Phạm Thị Lan; Lê Văn Dũng, Chuyên viên"
    assert rows[0][6] == "Trình bày trực tiếp" and rows[2][6] == "In kỷ yếu"
    assert rows[1][7] == "Trình bày"
    assert isinstance(rows[0][8], datetime)  # submitted at, a real date
    assert sheet["I2"].number_format == "dd/mm/yyyy hh:mm"
    assert rows[0][10] is None  # not presented yet


async def test_the_papers_csv_is_utf8_with_bom(
    client: httpx.AsyncClient, organizer: Actor, call: dict, papers: dict
) -> None:
    response = await client.get(
        f"{API}/seminars/{call['id']}/exports/papers.csv", headers=organizer.headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Tiêu đề", "Tác giả"]
    assert len(rows) == 6
    assert rows[1][1] == "'=Ứng dụng công nghệ thông tin"  # a spreadsheet will not run it
    assert rows[2][4] == "Nguyễn Văn Hùng"
    assert rows[2][5].endswith("@example.vn")
    datetime.strptime(rows[1][8], "%d/%m/%Y %H:%M")


async def test_an_empty_seminar_exports_empty_files(
    client: httpx.AsyncClient, organizer: Actor, call: dict
) -> None:
    base = f"{API}/seminars/{call['id']}/exports"
    bundle = await client.get(f"{base}/proceedings.zip", headers=organizer.headers)
    assert zipfile.ZipFile(io.BytesIO(bundle.content)).namelist() == []
    sheet = load_workbook(io.BytesIO(
        (await client.get(f"{base}/papers.xlsx", headers=organizer.headers)).content
    )).active  # fmt: skip
    assert sheet.max_row == 1
    missing = await client.get(
        f"{API}/seminars/999999/exports/papers.csv", headers=organizer.headers
    )
    assert missing.status_code == 404
