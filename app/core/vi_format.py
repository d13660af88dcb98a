"""Numbers, percentages, dates and press phrasing the way Vietnamese documents write them.

One module for every page, document and export that shows figures in Vietnamese:
``1.123`` (dot thousands), ``12,2%`` (comma decimals), ``19/07/2026 08:00``,
``ngày 19 tháng 7 năm 2026`` (Nghị định 30/2020) and the press phrasing of counts
(``gần 60``, ``hơn 1.100``). Small functions rather than Babel: the administrative
date line and the press rounding are not CLDR patterns, and the rest is two lines.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo


def format_int(value: int) -> str:
    """``1123`` → ``1.123``; ``-5000`` → ``-5.000``."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_decimal(value: float | Decimal, places: int = 1) -> str:
    """``1234.56`` → ``1.234,6`` (half up, dot thousands, comma decimals)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = format_int(int(whole))
    return sign + (f"{text},{fraction}" if places > 0 else text)


def format_percent(ratio: float | Decimal, places: int = 1) -> str:
    """A ratio as a percentage: ``0.1224`` → ``12,2%``."""
    return format_decimal(Decimal(str(ratio)) * 100, places) + "%"


def press_round(value: int) -> tuple[int, str]:
    """The press rounding of a count: ``(rounded, qualifier)``.

    unit = 10^max(1, digits − 2); round half up to the unit; the qualifier is ``gần``
    when rounding up, ``hơn`` when rounding down, empty when exact. One-digit counts
    stay exact (rounding 4 to "hơn 0" would say nothing).
    """
    if value < 10:
        return value, ""
    unit = 10 ** max(1, len(str(value)) - 2)
    rounded = (value + unit // 2) // unit * unit
    if rounded > value:
        return rounded, "gần"
    if rounded < value:
        return rounded, "hơn"
    return value, ""


def press_number(value: int) -> str:
    """``58`` → ``gần 60``, ``1123`` → ``hơn 1.100``, ``1950`` → ``gần 2.000``, ``60`` → ``60``."""
    rounded, qualifier = press_round(value)
    text = format_int(rounded)
    return f"{qualifier} {text}" if qualifier else text


def local(moment: datetime, timezone: str) -> datetime:
    """An aware instant in the given IANA time zone."""
    return moment.astimezone(ZoneInfo(timezone))


def format_datetime(moment: datetime | None, timezone: str) -> str:
    """``dd/MM/yyyy HH:mm`` in the seminar's time zone; empty for None."""
    return local(moment, timezone).strftime("%d/%m/%Y %H:%M") if moment else ""


def format_time(moment: datetime | None, timezone: str) -> str:
    """``HH:mm`` in the seminar's time zone; empty for None."""
    return local(moment, timezone).strftime("%H:%M") if moment else ""


def format_date(day: date) -> str:
    """``dd/MM/yyyy``."""
    return day.strftime("%d/%m/%Y")


def format_date_short(day: date) -> str:
    """The press form without leading zeros: ``19/7/2026``."""
    return f"{day.day}/{day.month}/{day.year}"


def format_date_long(day: date) -> str:
    """The date line of an administrative document: ``ngày 19 tháng 7 năm 2026``.

    Nghị định 30/2020 (Phụ lục I): days below 10 and the months 1 and 2 take a
    leading zero (``ngày 05 tháng 02 năm 2026``).
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_clock_long(moment: datetime, timezone: str) -> str:
    """``08 giờ 05 phút`` (the minutes' way of writing a time)."""
    at = local(moment, timezone)
    return f"{at.hour:02d} giờ {at.minute:02d} phút"


def part_of_day(moment: datetime, timezone: str) -> str:
    """``Sáng`` before noon, ``Chiều`` until 18:00, ``Tối`` after."""
    hour = local(moment, timezone).hour
    return "Sáng" if hour < 12 else "Chiều" if hour < 18 else "Tối"
