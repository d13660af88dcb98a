"""Rate limits and login failure counts in Redis, so that every process sees the same.

With several processes behind one proxy a client could otherwise get N times its rate
(or N times the login guesses) by landing on each process in turn. Each operation is one
Lua script, atomic in Redis, timed by Redis's own clock (processes' clocks may differ).
Every method may raise ``redis.RedisError``; callers fall back to their own process.
"""

import redis.asyncio as aioredis

_PREFIX = "diemcau:limit:"

# KEYS[1] the bucket; ARGV rate, burst, cost → "0" when allowed, else the seconds to wait.
_TAKE = """
local rate, burst, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(b[1]) or burst
local stamp = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local wait = 0
if tokens >= cost then tokens = tokens - cost else wait = (cost - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return tostring(wait)
"""

# Login failures (see app/auth/throttle.py). KEYS: the address's and the account's counts;
# ARGV free per address, free per account, max wait, forget after, base wait.
# → "0" and both counted as a failure, or the seconds to wait (nothing counted).
_BEGIN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local maxw, forget, base = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local wait = 0
for i, key in ipairs(KEYS) do
  local free = tonumber(ARGV[i])
  local c = redis.call('HMGET', key, 'count', 'last')
  local count, last = tonumber(c[1]) or 0, tonumber(c[2]) or now
  if now - last >= forget then
    redis.call('DEL', key)
  elseif count >= free then
    local delay = math.min(maxw, base * 2 ^ (count - free))
    wait = math.max(wait, last + delay - now)
  end
end
if wait > 0 then return tostring(wait) end
for _, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'count', 1)
  redis.call('HSET', key, 'last', tostring(now))
  redis.call('EXPIRE', key, math.ceil(forget))
end
return "0"
"""

# KEYS[1] a failure count: one failure fewer (the attempt succeeded or was never judged).
_TAKE_BACK = """
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
if count <= 1 then redis.call('DEL', KEYS[1]) else redis.call('HINCRBY', KEYS[1], 'count', -1) end
return 0
"""


class SharedLimits:
    """Token buckets and failure counts of every process, in one Redis."""

    def __init__(self, url: str):
        # Short timeouts: a limit that cannot be checked in time falls back to the
        # process's own, it never holds a request up.
        self.redis = aioredis.from_url(
            url, decode_responses=True, socket_timeout=0.5, socket_connect_timeout=0.5
        )
        self._take = self.redis.register_script(_TAKE)
        self._begin = self.redis.register_script(_BEGIN)
        self._take_back = self.redis.register_script(_TAKE_BACK)

    async def take(self, name: str, key: str, rate: float, burst: float, cost: float) -> float:
        """Spend ``cost`` from the bucket ``name``/``key``: 0, or the seconds to wait."""
        wait = await self._take(keys=[f"{_PREFIX}{name}:{key}"], args=[rate, burst, cost])
        return float(wait)

    async def begin_attempt(
        self,
        keys: tuple[str, str],
        free: tuple[int, int],
        *,
        max_wait_s: float,
        forget_after_s: float,
        base_wait_s: float,
    ) -> float:
        """Count a login attempt under both keys unless one must still wait (its seconds)."""
        wait = await self._begin(
            keys=[f"{_PREFIX}login:{key}" for key in keys],
            args=[*free, max_wait_s, forget_after_s, base_wait_s],
        )
        return float(wait)

    async def take_back(self, key: str) -> None:
        await self._take_back(keys=[f"{_PREFIX}login:{key}"])

    async def reset(self, key: str) -> None:
        await self.redis.delete(f"{_PREFIX}login:{key}")

    async def close(self) -> None:
        await self.redis.aclose()
