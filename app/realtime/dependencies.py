"""Request dependencies for the live side of the app.

All ``async``: a plain ``def`` dependency costs a thread-pool hop per request, and these
run on every headcount report.
"""

from typing import Annotated

from fastapi import Depends, Request

from app.attendance.recorder import HeadcountRecorder
from app.realtime.publisher import LivePublisher


async def get_publisher(request: Request) -> LivePublisher:
    return request.app.state.live.publisher


async def get_recorder(request: Request) -> HeadcountRecorder:
    return request.app.state.live.recorder


PublisherDep = Annotated[LivePublisher, Depends(get_publisher)]
RecorderDep = Annotated[HeadcountRecorder, Depends(get_recorder)]
