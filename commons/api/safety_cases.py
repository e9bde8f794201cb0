"""Moderators' case handling: the queue, cases, private threads."""

from ninja import Router

router = Router(tags=["safety"])
