"""Request dependencies for the live side of the app."""

from typing import Annotated

from fastapi import Depends, Request

from app.attendance.live import HeadcountRecorder
from app.realtime.hub import LiveHub
from app.realtime.publisher import LivePublisher


def get_live(request: Request) -> LiveHub:
    return request.app.state.live


def get_publisher(request: Request) -> LivePublisher:
    return request.app.state.live.publisher


def get_recorder(request: Request) -> HeadcountRecorder:
    return request.app.state.live.recorder


PublisherDep = Annotated[LivePublisher, Depends(get_publisher)]
RecorderDep = Annotated[HeadcountRecorder, Depends(get_recorder)]
