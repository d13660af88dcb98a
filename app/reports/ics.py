"""The seminar as a calendar (calendar.ics): the event and its scheduled agenda items."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from app.reports.labels import AGENDA_KIND
from app.seminars.models import AgendaItem, Seminar, SeminarStatus


def calendar_ics(seminar: Seminar, items: list[AgendaItem], public_url: str | None) -> bytes:
    """The seminar and its scheduled agenda items as events in the seminar's time zone.

    Nothing but what the public page shows: title, place, programme (no contacts).
    """
    tz = ZoneInfo(seminar.timezone)
    cal = Calendar()
    cal.add("prodid", "-//Điểm Cầu//diemcau//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", seminar.title)
    cal.add("x-wr-timezone", seminar.timezone)
    stamp = seminar.updated_at
    main = Event()
    main.add("uid", f"seminar-{seminar.id}@diemcau")
    main.add("dtstamp", stamp)
    main.add("dtstart", seminar.starts_at.astimezone(tz))
    main.add("dtend", (seminar.ends_at or seminar.starts_at + timedelta(hours=4)).astimezone(tz))
    main.add("summary", seminar.title)
    if seminar.venue:
        main.add("location", seminar.venue)
    description = [seminar.description or "", seminar.organizer_unit or ""]
    if public_url:
        main.add("url", public_url)
        description.append(public_url)
    if any(description):
        main.add("description", "\n".join(d for d in description if d))
    main.add("status", "CANCELLED" if seminar.status == SeminarStatus.cancelled else "CONFIRMED")
    cal.add_component(main)
    for item in items:
        if item.planned_start is None:
            continue
        event = Event()
        event.add("uid", f"seminar-{seminar.id}-agenda-{item.id}@diemcau")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.planned_start.astimezone(tz))
        if item.planned_minutes:
            end = item.planned_start + timedelta(minutes=item.planned_minutes)
            event.add("dtend", end.astimezone(tz))
        title = f"{AGENDA_KIND[item.kind.value]}: {item.title}"
        event.add("summary", title)
        if item.speaker_name:
            speaker = item.speaker_name + (f", {item.speaker_unit}" if item.speaker_unit else "")
            event.add("description", speaker)
        if seminar.venue:
            event.add("location", seminar.venue)
        event.add("related-to", f"seminar-{seminar.id}@diemcau")
        cal.add_component(event)
    day = seminar.starts_at.astimezone(tz).date()
    cal.add_missing_timezones(
        first_date=date(day.year - 1, 1, 1), last_date=date(day.year + 2, 1, 1)
    )
    return cal.to_ical()
