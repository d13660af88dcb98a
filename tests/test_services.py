"""The throw-away services tests start: they answer, on loopback, and need no system service."""

import redis.asyncio as redis

from tests.services import RedisServer


async def test_the_throw_away_redis_answers_on_loopback(redis_server: RedisServer) -> None:
    client = redis.Redis.from_url(redis_server.url)
    try:
        assert await client.ping()
        assert await client.set("diemcau:probe", "1")
        assert await client.get("diemcau:probe") == b"1"
    finally:
        await client.aclose()
    assert redis_server.url.startswith("redis://127.0.0.1:")
