"""HTTP API of the seminars domain."""

from fastapi import APIRouter

router = APIRouter(tags=["seminars"])
