"""A member's own data, gathered from every app for them to download, and what deleting their
account does in every app.

Apps later in the dependency chain register from their ``ready()`` (``members``, which runs both,
cannot import them):

- ``register_export(section, fn)``: ``fn(user)`` returns that app's data about the member as the
  member may see it: never another person's private data, never what the moderators keep about them;
- ``register_erasure(name, fn)``: ``fn(user, *, delete_content)`` ends, in that app, what must not
  outlive the account; it runs inside the deleting action's transaction, through that app's actions
  where they exist, and returns counts for the audit record.
"""

from collections.abc import Callable
from datetime import date, datetime

_exports: dict[str, Callable] = {}
_erasures: dict[str, Callable] = {}


def register_export(section: str, fn: Callable) -> None:
    _exports[section] = fn


def register_erasure(name: str, fn: Callable) -> None:
    _erasures[name] = fn


def iso(value: datetime | date | None) -> str | None:
    """Dates in the download as ISO 8601 text (UTC for times, as stored)."""
    return value.isoformat() if value is not None else None


def export_sections(user) -> dict:
    return {section: fn(user) for section, fn in _exports.items()}


def erase(user, *, delete_content: bool) -> dict:
    return {name: fn(user, delete_content=delete_content) for name, fn in _erasures.items()}
