"""HTTP API of the sites domain."""

from fastapi import APIRouter

router = APIRouter(tags=["sites"])
