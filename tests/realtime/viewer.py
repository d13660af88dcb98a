"""A socket.io view client that behaves like the big screen: snapshot, deltas, resync."""

import asyncio
from collections.abc import Callable
from typing import Any

import socketio

WAIT_S = 10.0  # an upper bound for a wait, never a synchronisation by itself


class Viewer:
    """Keeps a view's state from ``snapshot`` and ``attendance`` messages.

    A version gap makes it ask ``resync`` and wait for the next snapshot, as the
    display does. Messages that arrive before the snapshot they follow are kept and
    applied after it when their version is above the snapshot's (with several
    processes, a delta may overtake a snapshot). ``drop_attendance_if`` simulates
    losing one message on the way.
    """

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.version: int | None = None
        self.totals: dict[str, Any] = {}
        self.sites: dict[int, dict[str, Any]] = {}
        self.current: dict[str, Any] | None = None
        self.status: str | None = None
        self.snapshots = 0
        self.attendance_messages: list[dict[str, Any]] = []
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.resyncs = 0
        self.applied: list[int] = []  # the versions applied, snapshots included
        self._early: list[tuple[str, dict[str, Any]]] = []
        self.drop_attendance_if: Callable[[dict[str, Any]], bool] | None = None
        self.dropped: list[dict[str, Any]] = []
        self._changed = asyncio.Condition()
        self.sio.on("snapshot", self._on_snapshot, namespace="/live")
        self.sio.on("attendance", self._on_attendance, namespace="/live")
        self.sio.on("agenda", self._on_agenda, namespace="/live")
        self.sio.on("seminar", self._on_seminar, namespace="/live")

    async def connect(self, url: str, auth: dict[str, Any]) -> "Viewer":
        await self.sio.connect(
            url, namespaces=["/live"], auth=auth, transports=["websocket"], wait_timeout=WAIT_S
        )
        await self.wait_for(lambda v: v.version is not None)
        return self

    async def disconnect(self) -> None:
        await self.sio.disconnect()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _in_sequence(self, message: dict[str, Any], event: str = "attendance") -> bool:
        """Apply only the next version; on a gap ask for a snapshot."""
        if self.version is None:
            self._early.append((event, message))
            return False
        if message["version"] <= self.version:
            return False
        if message["version"] != self.version + 1:
            self.version = None  # wait for the snapshot
            self.resyncs += 1
            asyncio.get_running_loop().create_task(self.sio.emit("resync", namespace="/live"))
            return False
        self.version = message["version"]
        self.applied.append(self.version)
        return True

    async def _on_snapshot(self, data: dict[str, Any]) -> None:
        self.version = data["version"]
        self.totals = dict(data["totals"])
        self.sites = {row["id"]: row for row in data["sites"]}
        self.current = data["agenda"]["current"]
        self.status = data["seminar"]["status"]
        self.snapshots += 1
        self.applied.append(self.version)
        early, self._early = sorted(self._early, key=lambda m: m[1]["version"]), []
        for event, message in early:
            if message["version"] > self.version:
                self._apply(event, message)
        await self._notify()

    def _apply(self, event: str, data: dict[str, Any]) -> None:
        if not self._in_sequence(data, event):
            return
        if event == "attendance":
            self.totals.update(data.get("totals") or {})
            for row in data["sites"]:
                self.sites[row["id"]] = row
        elif event == "agenda":
            self.current = data["current"]
        else:
            self.status = data["status"]

    async def _on_attendance(self, data: dict[str, Any]) -> None:
        self.attendance_messages.append(data)
        if self.drop_attendance_if is not None and self.drop_attendance_if(data):
            self.drop_attendance_if = None
            self.dropped.append(data)
            await self._notify()
            return
        self._apply("attendance", data)
        await self._notify()

    async def _on_agenda(self, data: dict[str, Any]) -> None:
        self.events.append(("agenda", data))
        self._apply("agenda", data)
        await self._notify()

    async def _on_seminar(self, data: dict[str, Any]) -> None:
        self.events.append(("seminar", data))
        self._apply("seminar", data)
        await self._notify()

    async def wait_for(self, predicate: Callable[["Viewer"], bool]) -> None:
        """Until ``predicate`` holds (woken by each message; bounded by WAIT_S)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: predicate(self)), WAIT_S)


class SitePage:
    """A site page's socket: keeps the seminar's totals, status and running item.

    Each kind of message is absolute: the page keeps, per kind, the one with the highest
    version. Anything else the server sends (a view's rows) is recorded as a leak.
    """

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.totals: dict[str, Any] | None = None
        self.status: str | None = None
        self.current: dict[str, Any] | None = None
        self.versions: dict[str, int] = {}
        self.totals_messages: list[dict[str, Any]] = []
        self.leaks: list[tuple[str, Any]] = []
        self._changed = asyncio.Condition()
        for event, field in (("totals", "totals"), ("seminar", "status"), ("agenda", "current")):
            self.sio.on(event, self._keeper(event, field), namespace="/live")
        for event in ("snapshot", "attendance"):
            self.sio.on(event, self._leak(event), namespace="/live")

    def _keeper(self, event: str, field: str) -> Callable[[dict[str, Any]], Any]:
        async def keep(data: dict[str, Any]) -> None:
            if event == "totals":
                self.totals_messages.append(data)
            if data["version"] >= self.versions.get(event, -1):
                self.versions[event] = data["version"]
                setattr(self, field, data[field])
            async with self._changed:
                self._changed.notify_all()

        return keep

    def _leak(self, event: str) -> Callable[[Any], Any]:
        async def leak(data: Any) -> None:
            self.leaks.append((event, data))

        return leak

    async def connect(self, url: str, token: str) -> "SitePage":
        await self.sio.connect(
            url, namespaces=["/live"], auth={"site_token": token}, transports=["websocket"],
            wait_timeout=WAIT_S,
        )  # fmt: skip
        await self.wait_for(lambda p: p.totals is not None and p.status is not None)
        return self

    async def disconnect(self) -> None:
        await self.sio.disconnect()

    async def wait_for(self, predicate: Callable[["SitePage"], bool]) -> None:
        """Until ``predicate`` holds (woken by each message; bounded by WAIT_S)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: predicate(self)), WAIT_S)


class Socket:
    """A socket.io client that keeps every message it receives, in order."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.received: list[tuple[str, Any]] = []
        self._changed = asyncio.Condition()
        self._gone = asyncio.Event()
        self.sio.on("*", self._any, namespace="/live")
        self.sio.on("disconnect", self._disconnected, namespace="/live")

    async def _disconnected(self, *_reason: Any) -> None:
        self._gone.set()

    async def closed_by_server(self) -> None:
        """Wait until the server closes this socket."""
        await asyncio.wait_for(self._gone.wait(), WAIT_S)

    async def _any(self, event: str, data: Any) -> None:
        async with self._changed:
            self.received.append((event, data))
            self._changed.notify_all()

    async def connect(self, url: str, auth: dict[str, Any]) -> "Socket":
        await self.sio.connect(
            url, namespaces=["/live"], auth=auth, transports=["websocket"], wait_timeout=WAIT_S
        )
        return self

    async def got(self, event: str, **fields: Any) -> list[str]:
        """Wait for ``event`` with ``fields``; the names of the events received before it."""

        def seen() -> bool:
            return any(
                name == event and all(data.get(k) == v for k, v in fields.items())
                for name, data in self.received
            )

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(seen), WAIT_S)
        return [name for name, _data in self.received]

    def events(self, name: str) -> list[Any]:
        return [data for event, data in self.received if event == name]

    async def close(self) -> None:
        await self.sio.disconnect()
