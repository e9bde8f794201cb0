"""Decisions on cases and appeals."""

from ninja import Router

router = Router(tags=["safety"])
