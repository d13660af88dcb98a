"""What services need from the live layer: publishing changes after they commit.

The domain owns this interface; ``app.realtime.publisher.LivePublisher`` satisfies it and
tests pass a list-backed fake. Services never import the socket layer.
"""

from typing import Any, Literal, Protocol, runtime_checkable

from app.attendance.rollup import LiveChanges


@runtime_checkable
class LiveEvents(Protocol):
    """Broadcasts of one seminar's live state, called after the transaction commits."""

    def publish_changes(self, changes: LiveChanges, origin: float | None = None) -> None:
        """Queue what one committed transaction changed (rows, totals); sent coalesced.

        ``origin``: when the oldest report behind these changes arrived (monotonic clock).
        """
        ...

    async def publish(
        self,
        seminar_id: int,
        event: Literal["agenda", "seminar", "speaking"],
        payload: dict[str, Any],
    ) -> None:
        """Send an ``agenda``, ``seminar`` or ``speaking`` message to every view of the seminar.

        ``payload`` is the message (``AgendaEvent``, ``SeminarEvent``, ``SpeakingEvent``)
        without ``version``,
        which the publisher numbers per view.
        """
        ...

    async def publish_staff(
        self, seminar_id: int, site_id: int | None, event: str, payload: dict[str, Any]
    ) -> None:
        """Send a staff-only message (incidents, readiness, the speaking queue) to the
        organizers' views of the seminar that cover directory site ``site_id`` (None: the
        views of the whole seminar only). Never to public views or site pages."""
        ...

    async def publish_site(self, seminar_site_id: int, event: str, payload: dict[str, Any]) -> None:
        """Send a message to one site's own pages (its incident, its speaking request)."""
        ...

    def poll_changed(self, seminar_id: int, poll_id: int) -> None:
        """A poll changed (counts, status, fields): a ``poll`` message goes out to the
        seminar's views, staff views and site pages, at most 2 per second per poll
        whatever the number of processes, with the values read when it is sent."""
        ...

    async def version(self, seminar_id: int, scope: int | None = None) -> int:
        """The last message number of a view (what a snapshot taken now would carry)."""
        ...

    async def disconnect_site(self, seminar_site_id: int) -> None:
        """Close the sockets a site opened with its token (the token was replaced)."""
        ...
