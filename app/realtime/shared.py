"""The live state several processes share through Redis (redis-py's asyncio client).

Per seminar: the changes not yet broadcast (which sites changed), the views' message
counters, the scopes somebody watches, a short lock
(one broadcaster at a time, so versions go out in order) and a gate (at most one
attendance broadcast per interval, whatever the number of processes). Per site row: the
processes that hold a page's socket (expiring entries refreshed by a heartbeat) and the
socket ids, so that any process can close them.
"""

import time
import uuid

import redis.asyncio as aioredis

PREFIX = "diemcau:live"
LOCK_MS = 5000
SOCKETS_TTL_S = 86400

# Note what changed (site ids; the broadcaster reads their values from the database).
_PUSH = """
for i = 1, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
redis.call('SET', KEYS[2], '1')
return 1
"""

# Read-and-clear the pending changes unless the gate is closed (then: how long to wait).
_TAKE = """
local wait = redis.call('PTTL', KEYS[1])
if wait > 0 then return {wait} end
if redis.call('EXISTS', KEYS[3]) == 0 then return {0} end
local sites = redis.call('SMEMBERS', KEYS[2])
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3])
return {0, sites, redis.call('SMEMBERS', KEYS[4])}
"""

# Next version of each room. A counter Redis lost (restart) starts again from the clock
# in milliseconds: above anything sent before, so clients see a gap and resync.
_NEXT = """
local out = {}
for i = 2, #ARGV do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[1])
  end
  out[#out + 1] = redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
end
return out
"""

# The sites' totals: at most one message per gate period, and only when marked dirty.
_SITE_TOTALS = """
local wait = redis.call('PTTL', KEYS[1])
if wait > 0 then return {wait, 0} end
if redis.call('EXISTS', KEYS[2]) == 0 then return {0, 0} end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
if redis.call('HEXISTS', KEYS[3], ARGV[3]) == 0 then
  redis.call('HSET', KEYS[3], ARGV[3], ARGV[2])
end
return {0, redis.call('HINCRBY', KEYS[3], ARGV[3], 1)}
"""

# A poll's ``poll`` messages: at most one per gate period whatever the number of
# processes; → the ms to wait (gate closed), -1 (nothing pending) or 0 (send it now).
_POLL_GATE = """
local wait = redis.call('PTTL', KEYS[1])
if wait > 0 then return wait end
if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return 0
"""

_CURRENT = """
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[1])
end
return tonumber(redis.call('HGET', KEYS[1], ARGV[2]))
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def _key(seminar_id: int, name: str) -> str:
    return f"{PREFIX}:{{{seminar_id}}}:{name}"


def _now_ms() -> str:
    return str(int(time.time() * 1000))


class SharedLive:
    """Redis operations of the live side; every method may raise ``redis.RedisError``."""

    def __init__(self, url: str):
        self.redis = aioredis.from_url(url, decode_responses=True, socket_timeout=5)
        self.process_id = uuid.uuid4().hex
        self._push = self.redis.register_script(_PUSH)
        self._take = self.redis.register_script(_TAKE)
        self._next = self.redis.register_script(_NEXT)
        self._current = self.redis.register_script(_CURRENT)
        self._site_totals = self.redis.register_script(_SITE_TOTALS)
        self._poll_gate = self.redis.register_script(_POLL_GATE)
        self._release = self.redis.register_script(_RELEASE)

    # --- attendance changes -----------------------------------------------------------

    async def push(self, seminar_id: int, site_ids: list[int]) -> None:
        """Mark the seminar's totals and these sites changed."""
        await self._push(
            keys=[_key(seminar_id, "sites"), _key(seminar_id, "dirty")],
            args=[str(site_id) for site_id in site_ids],
        )

    async def take(
        self, seminar_id: int, interval_s: float
    ) -> tuple[float, list[int] | None, list[int]]:
        """(seconds to wait, changed site ids or None, watched scopes); call under lock."""
        keys = ["gate", "sites", "dirty", "scopes"]
        result = await self._take(
            keys=[_key(seminar_id, n) for n in keys], args=[max(1, int(interval_s * 1000))]
        )
        if len(result) == 1:
            return int(result[0]) / 1000, None, []
        _, sites, watched = result
        return 0.0, sorted(int(s) for s in sites), sorted(int(s) for s in watched)

    async def mark_site_totals(self, seminar_id: int) -> None:
        await self.redis.set(_key(seminar_id, "site_totals_dirty"), "1")

    async def take_site_totals(
        self, seminar_id: int, room: str, interval_s: float
    ) -> tuple[float, int | None]:
        """(seconds to wait, the next version of ``room`` or None when nothing is due)."""
        keys = ["site_totals_gate", "site_totals_dirty", "versions"]
        wait, version = await self._site_totals(
            keys=[_key(seminar_id, n) for n in keys],
            args=[int(interval_s * 1000), _now_ms(), room],
        )
        return int(wait) / 1000, int(version) or None

    async def mark_poll(self, seminar_id: int, poll_id: int) -> None:
        """A poll changed: its next ``poll`` message is due (whichever process sends it)."""
        await self.redis.set(_key(seminar_id, f"poll:{poll_id}:dirty"), "1")

    async def take_poll(self, seminar_id: int, poll_id: int, interval_s: float) -> float:
        """0: send the poll's message now; > 0: seconds until the gate opens; < 0: none due."""
        keys = [_key(seminar_id, f"poll:{poll_id}:{n}") for n in ("gate", "dirty")]
        wait = int(await self._poll_gate(keys=keys, args=[max(1, int(interval_s * 1000))]))
        return wait / 1000 if wait > 0 else float(wait)

    async def scopes(self, seminar_id: int) -> list[int]:
        return sorted(int(s) for s in await self.redis.smembers(_key(seminar_id, "scopes")))

    async def watch_scope(self, seminar_id: int, scope: int) -> None:
        await self.redis.sadd(_key(seminar_id, "scopes"), scope)

    # --- versions and the broadcast lock ----------------------------------------------

    async def next_versions(self, seminar_id: int, rooms: list[str]) -> list[int]:
        if not rooms:
            return []
        result = await self._next(keys=[_key(seminar_id, "versions")], args=[_now_ms(), *rooms])
        return [int(v) for v in result]

    async def version(self, seminar_id: int, room: str) -> int:
        return int(await self._current(keys=[_key(seminar_id, "versions")], args=[_now_ms(), room]))

    async def lock(self, name: str, ms: int = LOCK_MS) -> str | None:
        """A token if the lock ``name`` was free (it expires by itself), else None."""
        token = uuid.uuid4().hex
        got = await self.redis.set(f"{PREFIX}:lock:{name}", token, nx=True, px=ms)
        return token if got else None

    async def unlock(self, name: str, token: str) -> None:
        await self._release(keys=[f"{PREFIX}:lock:{name}"], args=[token])

    # --- presence -----------------------------------------------------------------------

    async def site_present(self, row_ids: list[int], ttl_s: float) -> None:
        """This process holds a socket of each row, for the next ``ttl_s`` seconds."""
        if not row_ids:
            return
        expiry = time.time() + ttl_s
        async with self.redis.pipeline(transaction=False) as pipe:
            for row_id in row_ids:
                key = f"{PREFIX}:presence:{row_id}"
                pipe.zadd(key, {self.process_id: expiry})
                pipe.expire(key, max(1, int(ttl_s * 2)))
            await pipe.execute()

    async def site_left(self, row_id: int) -> None:
        """This process holds no socket of the row any more."""
        await self.redis.zrem(f"{PREFIX}:presence:{row_id}", self.process_id)

    async def present_elsewhere(self, row_id: int) -> bool:
        """Whether another process holds a live socket of the row."""
        key = f"{PREFIX}:presence:{row_id}"
        holders = await self.redis.zrangebyscore(key, time.time(), "+inf")
        return any(holder != self.process_id for holder in holders)

    async def absent_rows(self, row_ids: list[int]) -> dict[int, float]:
        """Of ``row_ids``, those no process holds: row → since when (epoch seconds).

        The first sweep that finds a row absent stamps the time; a row present again
        loses its stamp.
        """
        now = time.time()
        async with self.redis.pipeline(transaction=False) as pipe:
            for row_id in row_ids:
                pipe.zcount(f"{PREFIX}:presence:{row_id}", now, "+inf")
            counts = await pipe.execute()
        absent: dict[int, float] = {}
        async with self.redis.pipeline(transaction=False) as pipe:
            for row_id, count in zip(row_ids, counts, strict=True):
                key = f"{PREFIX}:absent:{row_id}"
                if count:
                    pipe.delete(key)
                else:
                    pipe.set(key, now, nx=True, ex=86400)
                    pipe.get(key)
            results = iter(await pipe.execute())
        for row_id, count in zip(row_ids, counts, strict=True):
            next(results)
            if not count:
                absent[row_id] = float(next(results))
        return absent

    async def forget_absence(self, row_id: int) -> None:
        await self.redis.delete(f"{PREFIX}:absent:{row_id}")

    async def add_site_socket(self, row_id: int, sid: str) -> None:
        """Remember a site's socket id (so any process can close it on token rotation).

        Ids left by a process that died are harmless (closing them is a no-op) and go
        with the set a day after the site's last connection.
        """
        key = f"{PREFIX}:sockets:{row_id}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.sadd(key, sid)
            pipe.expire(key, SOCKETS_TTL_S)
            await pipe.execute()

    async def remove_site_socket(self, row_id: int, sid: str) -> None:
        await self.redis.srem(f"{PREFIX}:sockets:{row_id}", sid)

    async def site_sockets(self, row_id: int) -> list[str]:
        return list(await self.redis.smembers(f"{PREFIX}:sockets:{row_id}"))

    async def close(self) -> None:
        await self.redis.aclose()
