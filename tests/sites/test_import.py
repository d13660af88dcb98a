"""CSV import: upsert by code, all or nothing, every bad line reported by its line number."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings
from tests.conftest import Actor
from tests.sites.conftest import HEADER, IMPORT, SITES, MakeSite, csv_bytes, site_count, upload_csv


async def _by_code(client: httpx.AsyncClient, actor: Actor) -> dict[str, dict]:
    response = await client.get(SITES, params={"limit": 1000}, headers=actor.headers)
    return {site["code"]: site for site in response.json()["items"]}


async def test_good_file_with_bom_vietnamese_names_and_forward_parent_references(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    content = csv_bytes(
        HEADER,
        # The commune comes before its district, the district before its province.
        "XA-BD,Đảng ủy xã Bảo Đài,HU-LN,commune,Lục Nam,Trần Thị Bình,0987 654 321,,40",
        'HU-LN,"Huyện ủy Lục Nam, Bắc Giang",TU-BG,District,Lục Nam,,,,',
        "TU-BG,Tỉnh ủy Bắc Giang,,province,Bắc Giang,Nguyễn Văn An,,an@bacgiang.gov.vn,300",
        "",
        "SNV,Sở Nội vụ,TU-BG,unit,,,,,",
        bom=True,
    )
    response = await upload_csv(client, organizer, content)
    assert response.status_code == 200, response.text
    assert response.json() == {"created": 4, "updated": 0}

    sites = await _by_code(client, organizer)
    assert set(sites) == {"XA-BD", "HU-LN", "TU-BG", "SNV"}
    assert "\ufeff" not in sites["XA-BD"]["code"]  # the BOM is not part of the first code
    assert sites["TU-BG"]["parent_id"] is None
    assert sites["HU-LN"]["parent_id"] == sites["TU-BG"]["id"]
    assert sites["XA-BD"]["parent_id"] == sites["HU-LN"]["id"]
    assert sites["SNV"]["parent_id"] == sites["TU-BG"]["id"]
    assert sites["HU-LN"]["name"] == "Huyện ủy Lục Nam, Bắc Giang"
    assert sites["HU-LN"]["level"] == "district"
    assert sites["XA-BD"]["capacity"] == 40
    assert sites["XA-BD"]["coordinator_email"] is None
    assert sites["TU-BG"]["coordinator_email"] == "an@bacgiang.gov.vn"
    assert sites["TU-BG"]["children_count"] == 2
    # Imported sites are searchable and sorted like any other.
    found = await client.get(SITES, params={"q": "dang uy bao dai"}, headers=organizer.headers)
    assert [s["code"] for s in found.json()["items"]] == ["XA-BD"]
    names = [s["name"] for s in sites.values()]
    assert names == [
        "Đảng ủy xã Bảo Đài",
        "Huyện ủy Lục Nam, Bắc Giang",
        "Sở Nội vụ",
        "Tỉnh ủy Bắc Giang",
    ]


async def test_existing_codes_are_updated_and_columns_left_out_are_kept(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    province = await make_site("Tỉnh ủy", code="TU", level="province")
    await make_site("Sở Y tế cũ", code="SYT", parent=province, capacity=50, locality="Bắc Giang")
    content = csv_bytes(
        "code,name,capacity",
        "SYT,Sở Y tế,80",
        "SGD,Sở Giáo dục và Đào tạo,",
    )
    response = await upload_csv(client, organizer, content)
    assert response.status_code == 200, response.text
    assert response.json() == {"created": 1, "updated": 1}
    sites = await _by_code(client, organizer)
    assert sites["SYT"]["name"] == "Sở Y tế"
    assert sites["SYT"]["capacity"] == 80
    # No parent_code/level/locality columns: the stored values stay.
    assert sites["SYT"]["parent_id"] == province["id"]
    assert sites["SYT"]["level"] == "unit"
    assert sites["SYT"]["locality"] == "Bắc Giang"
    assert sites["SGD"]["parent_id"] is None
    found = await client.get(SITES, params={"q": "so y te bac giang"}, headers=organizer.headers)
    assert [s["code"] for s in found.json()["items"]] == ["SYT"]

    # With the column present, an empty parent_code moves the site to the top.
    moved = await upload_csv(client, organizer, csv_bytes("code,name,parent_code", "SYT,Sở Y tế,"))
    assert moved.json() == {"created": 0, "updated": 1}
    assert (await _by_code(client, organizer))["SYT"]["parent_id"] is None


async def test_bad_parent_code_on_line_7_is_422_naming_line_7_and_nothing_changes(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite, session: AsyncSession
) -> None:
    await make_site("Sở Tài chính", code="STC")
    before = await site_count(session)
    content = csv_bytes(
        HEADER,  # line 1
        "TU,Tỉnh ủy,,province,,,,,",  # 2
        "STC,Sở Tài chính (đổi tên),TU,,,,,,",  # 3 (an update)
        "B1,Ban Tổ chức,TU,,,,,,",  # 4
        "B2,Ban Tuyên giáo,TU,,,,,,",  # 5
        "B3,Ban Dân vận,TU,,,,,,",  # 6
        "B4,Ban Kiểm tra,XYZ,,,,,,",  # 7
        "B5,Văn phòng,TU,,,,,,",  # 8
    )
    response = await upload_csv(client, organizer, content)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "site.import.invalid"
    assert body["params"] == {"lines": 1}
    assert "chưa nhập dòng nào" in body["detail"]
    assert body["errors"] == [
        {
            "line": 7,
            "code": "site.import.parent_unknown",
            "msg": "Mã cấp trên “XYZ” không có trong danh bạ lẫn trong tệp này",
            "params": {"parent_code": "XYZ"},
        }
    ]
    assert await site_count(session) == before
    assert (await _by_code(client, organizer))["STC"]["name"] == "Sở Tài chính"


async def test_every_bad_line_is_reported_with_its_reason(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    content = csv_bytes(
        HEADER,  # 1
        "A,Ổn,,province,,,,,",  # 2 fine
        "B,,A,,,,,,",  # 3 name missing
        ",Không mã,A,,,,,,",  # 4 code missing
        "C,Sai cấp,A,planet,,,,,",  # 5 level
        "D,Sai sức chứa,A,,,,,,-5",  # 6 capacity
        "E,Sai sức chứa 2,A,,,,,,nhiều",  # 7 capacity
        "F,Sai thư,A,,,,,không-phải-thư,",  # 8 e-mail
        "A,Trùng mã,,,,,,,",  # 9 duplicate of line 2
        "G,Vòng 1,H,,,,,,",  # 10 cycle G → H → G
        "H,Vòng 2,G,,,,,,",  # 11
        "I,Tự trỏ,I,,,,,,",  # 12 own parent
        '"J","Nhiều',  # 13 a quoted value spanning two lines...
        'dòng",A,,,,,,,too-many',  # 14 ...with one field too many (reported at line 13)
        "K,Tốt,A,,,,,,",  # 15 fine
    )
    before = await site_count(session)
    response = await upload_csv(client, organizer, content)
    assert response.status_code == 422
    assert response.json()["params"] == {"lines": 11}
    by_line: dict[int, list[tuple[str, dict]]] = {}
    for error in response.json()["errors"]:
        assert error["msg"]
        by_line.setdefault(error["line"], []).append((error["code"], error.get("params", {})))
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert by_line[3] == [("site.import.required", {"column": "name"})]
    assert by_line[4] == [("site.import.required", {"column": "code"})]
    assert by_line[5][0][0] == "site.import.level"
    assert by_line[5][0][1]["value"] == "planet"
    assert by_line[6] == [("site.import.capacity", {"value": "-5"})]
    assert by_line[7] == [("site.import.capacity", {"value": "nhiều"})]
    assert by_line[8] == [("site.import.email", {"value": "không-phải-thư"})]
    assert by_line[9] == [("site.import.duplicate_code", {"code": "A", "first_line": 2})]
    assert by_line[10] == [("site.import.cycle", {"loop": "G → H → G"})]
    assert by_line[11] == [("site.import.cycle", {"loop": "H → G → H"})]
    assert by_line[12] == [("site.import.own_parent", {})]
    assert by_line[13] == [("site.import.field_count", {"found": 10, "expected": 9})]
    assert await site_count(session) == before


async def test_a_cycle_through_existing_sites_is_refused(
    client: httpx.AsyncClient, organizer: Actor, make_site: MakeSite
) -> None:
    top = await make_site("Tỉnh ủy", code="TOP")
    await make_site("Huyện ủy", code="MID", parent=top)
    # TOP under MID while MID (not in the file) stays under TOP.
    response = await upload_csv(
        client, organizer, csv_bytes("code,name,parent_code", "TOP,Tỉnh ủy,MID")
    )
    assert response.status_code == 422
    assert [(e["line"], e["code"], e["params"]) for e in response.json()["errors"]] == [
        (2, "site.import.cycle", {"loop": "TOP → MID → TOP"})
    ]


async def test_non_utf8_file_is_422_asking_for_utf8(
    client: httpx.AsyncClient, organizer: Actor, session: AsyncSession
) -> None:
    content = "code,name\r\nSNV,Sở Nội vụ\r\n".encode("utf-16")
    response = await upload_csv(client, organizer, content)
    assert response.status_code == 422
    assert response.json()["code"] == "site.import.not_utf8"
    assert "UTF-8" in response.json()["detail"]
    latin = "code,name\r\nX,Café\r\n".encode("latin-1")
    assert (await upload_csv(client, organizer, latin)).status_code == 422
    assert await site_count(session) == 0


async def test_header_problems_are_reported_on_line_1(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    no_header = await upload_csv(client, organizer, csv_bytes("SNV,Sở Nội vụ"))
    assert no_header.status_code == 422
    errors = no_header.json()["errors"]
    assert {e["line"] for e in errors} == {1}
    assert {"code": "site.import.missing_column", "column": "code"} in [
        {"code": e["code"], **e.get("params", {})} for e in errors
    ]
    typo = await upload_csv(client, organizer, csv_bytes("code,name,capasity", "A,B,1"))
    first = typo.json()["errors"][0]
    assert (first["line"], first["code"]) == (1, "site.import.unknown_column")
    assert first["params"] == {"column": "capasity", "columns": HEADER}
    empty = await upload_csv(client, organizer, b"")
    assert empty.status_code == 422
    assert empty.json()["code"] == "site.import.empty"


async def test_semicolon_separated_files_from_spreadsheets_are_read(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    content = csv_bytes("code;name;capacity", "SNV;Sở Nội vụ, Bắc Giang;30")
    response = await upload_csv(client, organizer, content)
    assert response.status_code == 200, response.text
    site = (await _by_code(client, organizer))["SNV"]
    assert (site["name"], site["capacity"]) == ("Sở Nội vụ, Bắc Giang", 30)


async def test_oversized_file_is_413_before_anything_is_imported(
    client: httpx.AsyncClient, organizer: Actor, settings: Settings, session: AsyncSession
) -> None:
    row = "X,Sở Nội vụ\r\n".encode()
    content = b"code,name\r\n" + row * (settings.max_upload_bytes // len(row) + 1)
    response = await upload_csv(client, organizer, content)
    assert response.status_code == 413
    assert await site_count(session) == 0


async def test_import_needs_a_multipart_file_field(
    client: httpx.AsyncClient, organizer: Actor
) -> None:
    as_json = await client.post(IMPORT, json={"file": "code,name"}, headers=organizer.headers)
    assert as_json.status_code == 415
    wrong_field = await client.post(
        IMPORT,
        files={"upload": ("sites.csv", b"code,name\r\nA,B\r\n", "text/csv")},
        headers=organizer.headers,
    )
    assert wrong_field.status_code == 422
    assert wrong_field.json()["code"] == "upload.field_missing"
    assert wrong_field.json()["params"] == {"field": "file"}
