"""Room names, a seminar's in-process feed state and the shape of attendance messages."""

import asyncio
from dataclasses import dataclass, field
from typing import Any

NAMESPACE = "/live"

Row = dict[str, Any]
Totals = dict[str, Any]


def view_room(seminar_id: int, scope: int | None = None) -> str:
    """The room of one view: the whole seminar, or the subtree under site ``scope``."""
    return f"seminar:{seminar_id}" if scope is None else f"seminar:{seminar_id}:scope:{scope}"


def sites_room(seminar_id: int) -> str:
    """The room of every site page of a seminar (``totals``, ``agenda``, ``seminar``)."""
    return f"seminar:{seminar_id}:sites"


def staff_room(seminar_id: int, subtree_site_id: int | None = None) -> str:
    """The room of the organizers' views: the whole seminar's, or a limited member's
    (``subtree_site_id``: the directory site their membership is limited to)."""
    suffix = "all" if subtree_site_id is None else str(subtree_site_id)
    return f"seminar:{seminar_id}:staff:{suffix}"


def site_room(seminar_site_id: int) -> str:
    """The room of the sockets a site opened with its token (one participation row)."""
    return f"site:{seminar_site_id}"


@dataclass
class SeminarFeed:
    """What this process keeps per seminar (pending changes, counters, timers)."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    versions: dict[str, int] = field(default_factory=dict)
    scopes: set[int] = field(default_factory=set)
    pending_rows: dict[int, Row] = field(default_factory=dict)
    pending_totals: Totals | None = None
    pending_scope_totals: dict[int, Totals] = field(default_factory=dict)
    # A bulk change is pending: every view gets a fresh snapshot instead of rows.
    pending_resync: bool = False
    # Monotonic arrival time of the oldest report in the pending changes (metrics only).
    pending_origin: float | None = None
    last_flush: float = float("-inf")
    # Bumped by every broadcast; snapshots read under one generation are reusable.
    generation: int = 0
    snapshots: dict[int | None, tuple[int, asyncio.Future[dict[str, Any]]]] = field(
        default_factory=dict
    )
    flush_handle: asyncio.TimerHandle | None = None
    site_totals: Totals | None = None
    site_last: float = float("-inf")
    site_handle: asyncio.TimerHandle | None = None


# In the shared set of changed sites, "every view needs a snapshot" (ids start at 1).
RESYNC_MARK = 0


def attendance_messages(
    seminar_id: int,
    rows: dict[int, Row],
    totals: Totals | None,
    scope_totals: dict[int, Totals],
    scopes: list[int],
) -> list[tuple[str, dict[str, Any]]]:
    """The ``attendance`` message of each view that has something in the changes."""
    messages = []
    for scope in [None, *scopes]:
        view_totals = totals if scope is None else scope_totals.get(scope)
        view_rows = [r for r in rows.values() if r.get("parent_id") == scope]
        if view_totals is None and not view_rows:
            continue
        message: dict[str, Any] = {}
        if view_totals is not None:
            message["totals"] = view_totals
        message["sites"] = view_rows
        messages.append((view_room(seminar_id, scope), message))
    return messages
