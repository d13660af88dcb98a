"""polls.xlsx prints like the other workbooks: printed to PDF by LibreOffice under an
English locale, its counts carry the Vietnamese dot and its shares the decimal comma,
each sheet on few pages with its header. Skipped without LibreOffice (see
tests/reports/test_printing.py)."""

import re
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor
from tests.factories import API
from tests.reports.test_polls_report import _site_poll_event, vi_percent
from tests.reports.test_printing import office, pages, print_to_pdf, sheet_pages

__all__ = ["office"]  # the fixture, shared with the other print test


def dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


async def test_polls_xlsx_prints_counts_and_shares_the_vietnamese_way(
    client: httpx.AsyncClient,
    organizer: Actor,
    session: AsyncSession,
    office: str,
    tmp_path: Path,
) -> None:
    sid, _poll, sent, sites = await _site_poll_event(client, organizer, session)
    totals = [sum(values[i] for values in sent.values()) for i in range(3)]
    responses = sum(totals)
    north = [sum(sent[sites[k].id][i] for k in ("north", "north_a", "north_b")) for i in range(3)]
    answer = await client.get(f"{API}/seminars/{sid}/exports/polls.xlsx", headers=organizer.headers)
    path = tmp_path / "polls.xlsx"
    path.write_bytes(answer.content)
    printed = pages(print_to_pdf(office, [path], tmp_path)["polls.xlsx"])
    text = "\n".join(printed)

    results = sheet_pages(printed, "Kết quả")
    assert len(results) == 1, printed
    # One printed line per option: answers, option, count, share.
    for label, count in zip(("Đồng ý", "Không đồng ý", "Ý kiến khác"), totals, strict=True):
        share = vi_percent(count, responses)
        line = rf"{dotted(responses)}\s+{label}\s+{dotted(count)}\s+{share}"
        assert re.search(line, results[0]), results[0]
    levels = sheet_pages(printed, "Theo cấp")
    assert len(levels) == 1 and "Điểm cầu (gồm cấp dưới)" in levels[0]
    share = vi_percent(north[0], sum(north))
    row = rf"{dotted(sum(north))}\s+Đồng ý\s+{dotted(north[0])}\s+{share}"
    assert re.search(row, levels[0]), levels[0]
    # Thousands with a dot whatever the locale, never "1,076" or "1076".
    assert not re.search(rf"\b{totals[0]}\b|\b{totals[0] // 1000},{totals[0] % 1000:03d}\b", text)
