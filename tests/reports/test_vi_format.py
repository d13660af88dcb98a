"""Vietnamese number and date formats, and the press phrasing of counts."""

from datetime import UTC, date, datetime

import pytest

from app.core import vi_format as vi


@pytest.mark.parametrize(
    ("count", "phrase"),
    [
        (58, "gần 60"),
        (1123, "hơn 1.100"),
        (1950, "gần 2.000"),
        (60, "60"),
        (15, "gần 20"),  # the formula; paper counts (the "15") stay exact
        (14, "hơn 10"),
        (7, "7"),
        (0, "0"),
        (100, "100"),
        (1150, "gần 1.200"),  # half up
        (37_000, "37.000"),
        (16_432, "hơn 16.000"),
        (1_949_999, "hơn 1.900.000"),
        (1_950_000, "gần 2.000.000"),
        (1_000_001, "hơn 1.000.000"),
    ],
)
def test_press_phrasing(count: int, phrase: str) -> None:
    assert vi.press_number(count) == phrase


def test_numbers_and_percentages() -> None:
    assert vi.format_int(1100) == "1.100"
    assert vi.format_int(1_900_000) == "1.900.000"
    assert vi.format_int(-5000) == "-5.000"
    assert vi.format_int(15) == "15"
    assert vi.format_percent(0.1224) == "12,2%"
    assert vi.format_percent(0.12249) == "12,2%"
    assert vi.format_percent(0.12251) == "12,3%"
    assert vi.format_percent(1.0) == "100,0%"
    assert vi.format_decimal(1234.56, 1) == "1.234,6"
    assert vi.format_decimal(2.5, 0) == "3"


def test_dates_in_the_seminars_time_zone() -> None:
    moment = datetime(2023, 7, 19, 1, 5, tzinfo=UTC)  # 08:05 in Hà Nội
    assert vi.format_datetime(moment, "Asia/Ho_Chi_Minh") == "19/07/2023 08:05"
    assert vi.format_time(moment, "Asia/Ho_Chi_Minh") == "08:05"
    assert vi.format_clock_long(moment, "Asia/Ho_Chi_Minh") == "08 giờ 05 phút"
    assert vi.part_of_day(moment, "Asia/Ho_Chi_Minh") == "Sáng"
    assert vi.format_date_long(date(2023, 7, 19)) == "ngày 19 tháng 7 năm 2023"
    # Nghị định 30/2020: a leading zero for days under 10 and for January and February.
    assert vi.format_date_long(date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"
    assert vi.format_date_long(date(2024, 12, 1)) == "ngày 01 tháng 12 năm 2024"
    assert vi.format_date_short(date(2023, 7, 9)) == "9/7/2023"
    assert vi.format_datetime(None, "Asia/Ho_Chi_Minh") == ""
