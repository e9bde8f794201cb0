"""Rendering member-written Markdown to safe HTML (markdown-it-py, then nh3)."""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
    "del",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Raw HTML is parsed so that nh3 can drop it (and <script>/<style> with their content) rather
    # than show it as text.
    # Block-level raw HTML would swallow the Markdown around it, so only inline HTML is parsed.
    return (
        MarkdownIt("commonmark", {"html": True, "linkify": False})
        .disable("html_block")
        .enable(["table", "strikethrough"])
    )


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML: disallowed tags and scripts are removed; links get
    rel="nofollow ugc noopener"."""
    html = _parser().render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
    )
