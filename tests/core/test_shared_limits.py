"""Rate limits shared through Redis: every process spends from the same bucket."""

from app.core.ratelimit import Limiter
from app.core.shared_limits import SharedLimits
from tests.services import RedisServer, free_port


async def test_two_processes_spend_from_one_bucket(redis_server: RedisServer) -> None:
    # Two clients of one Redis stand for two processes.
    first, second = SharedLimits(redis_server.url), SharedLimits(redis_server.url)
    try:
        here = Limiter("test-one-bucket", rate=0.01, burst=4, shared=first)
        there = Limiter("test-one-bucket", rate=0.01, burst=4, shared=second)
        waits = [await limiter.take("client-1") for limiter in (here, there, here, there)]
        refused = await there.take("client-1")
        other_client = await here.take("client-2")
    finally:
        await first.close()
        await second.close()
    assert waits == [0.0, 0.0, 0.0, 0.0]
    assert refused > 0  # the fifth, on either process, waits for a token
    assert other_client == 0.0


async def test_without_redis_each_process_keeps_its_own_bucket_and_still_limits() -> None:
    gone = SharedLimits(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    try:
        limiter = Limiter("test-fallback", rate=0.01, burst=2, shared=gone)
        waits = [await limiter.take("client") for _ in range(3)]
    finally:
        await gone.close()
    assert waits[:2] == [0.0, 0.0]
    assert waits[2] > 0
