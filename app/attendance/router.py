"""Registrations (organizer side) and the site-side API (X-Site-Token)."""

from fastapi import APIRouter

router = APIRouter(tags=["registrations"])
site_router = APIRouter(prefix="/site", tags=["site"])
