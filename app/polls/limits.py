"""Answers per device key: a phone may change its mind a few times, a script may not.

Per address, the poll's public link has its own generous bucket in ``app.core.limits``
(a whole hall answers from one NAT address); the device key is in the body, so this
one is checked by the route. Shared by every process through Redis when there is one.
"""

from typing import Annotated

from fastapi import Depends, Request

from app.core.config import Settings
from app.core.errors import TooManyRequests
from app.core.ratelimit import Limiter
from app.core.shared_limits import SharedLimits
from app.polls import messages as msg
from app.polls.answers import device_hash


class PollLimits:
    def __init__(self, settings: Settings, shared: SharedLimits | None = None) -> None:
        self.per_device = Limiter(
            "poll_device", settings.poll_device_rate_per_s, settings.poll_device_burst, shared
        )

    async def device(self, device_key: object) -> None:
        """429 with Retry-After past the device's rate (keyed by the key's hash)."""
        wait = await self.per_device.take(device_hash(device_key)[:32])
        if wait > 0:
            raise TooManyRequests(msg.ANSWERS_TOO_FREQUENT, retry_after=wait)


async def get_poll_limits(request: Request) -> PollLimits:
    return request.app.state.poll_limits


PollLimitsDep = Annotated[PollLimits, Depends(get_poll_limits)]
