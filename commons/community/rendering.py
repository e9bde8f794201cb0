"""Rendering posts, comments and messages: sanitised Markdown with @mentions resolved by consent."""

import re

from django.urls import reverse
from django.utils.html import escape

from commons.core.markdown import render_markdown

# A mention is @handle not preceded by a word character (so email addresses are not mentions).
MENTION = re.compile(r"(?<![\w@/.])@([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)\b", re.IGNORECASE)
COMMUNITY_HANDLE = "community"
_CODE = re.compile(r"(<(pre|code|a)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"(<[^>]+>)")


def mentioned_handles(text: str) -> list[str]:
    """Handles mentioned in `text`, lower-cased, in order, without duplicates; @community included."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(text or ""):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def render_with_mentions(text: str, linked: dict[str, str]) -> str:
    """Markdown to safe HTML; `@handle` becomes a link only when `handle` is in `linked` (handle → name).

    Mentions without consent stay exactly as written, as plain text. @community always links home.
    Nothing inside code spans or blocks is touched.
    """
    html = render_markdown(text)

    def link(match: re.Match) -> str:
        handle = match.group(1).lower()
        if handle == COMMUNITY_HANDLE:
            return (
                f'<a class="mention mention-community" href="{reverse("core:home")}">@community</a>'
            )
        if handle in linked:
            url = reverse("members:profile", args=[handle])
            return f'<a class="mention" href="{url}" title="{escape(linked[handle])}">@{escape(handle)}</a>'
        return match.group(0)

    out = []
    for chunk in _CODE.split(html):
        if chunk is None or chunk.lower() in {"pre", "code", "a"}:
            continue
        if _CODE.fullmatch(chunk):
            out.append(chunk)
            continue
        for piece in _TAG.split(chunk):
            out.append(piece if piece.startswith("<") else MENTION.sub(link, piece))
    return "".join(out)
