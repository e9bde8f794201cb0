"""Solicitation detector: an unprompted pitch to buy, book, sign up, or join a scheme.

The score is the larger of the trained model's calibrated probability (spam and self-promotion data plus
the project's own pitches and sales talk) and the probability of the first matching rule below. Talking
*about* selling ("how do you run a demo?", "our discount policy") is the community's daily business and
is not a pitch; a pitch addresses the reader with a call to act: "DM me to 3x your pipeline", "book a demo
at ...", "use code SAVE20", "join my team and be your own boss".

Context allowance (``allowed_by_context``): a pitch is welcome in a post whose ``post_kind`` is
``pitch_practice`` (members ask for feedback on their pitch) and in a reply (``where`` is not ``"post"``)
to a post whose ``post_kind`` is ``recommendation_request`` (someone asked for vendors). The score is
still reported; only the flag is dropped.
"""

from __future__ import annotations

import re

from .scan import presence

RULE_PROBABILITY = 0.88

_CTA = (
    r"\b(?:dm|pm|message|inbox|text|whatsapp|ping)\s+me\s+(?:now\s+|today\s+)?(?:to|for|and\s+i'?ll|asap)\b|"
    r"\b(?:book|schedule|grab|reserve)\s+(?:a|your|a\s+free|your\s+free|a\s+quick|a\s+15.min|a\s+30.min)\s+"
    r"(?:\w+\s+){0,2}(?:demo|call|consultation|audit|session|slot|meeting|strategy\s+call)\s+(?:with\s+(?:me|us)|"
    r"here|now|today|at|on|via|using|through|:|before)|"
    r"\b(?:use|with|enter|apply)\s+(?:my\s+|the\s+|promo\s+|discount\s+|coupon\s+)?(?:code|coupon|promo\s+code)\s+\w+|"
    r"\b\d{1,2}\s*%\s*off\s+(?:your|the\s+first|first|for|if|when|with|until|today|now|this|all|every|any|my|"
    r"our|orders?|everything|sitewide|at\s+checkout)\b|\b(?:get|save|take|enjoy|grab|claim|unlock)\s+(?:an?\s+)?"
    r"(?:extra\s+|flat\s+|instant\s+)?\d{1,2}\s*%\s*(?:off|discount)\b|\blimited\s+(?:time|spots|seats|offer|availability)\b|"
    r"\b(?:sign\s+up|register|subscribe|enroll|join)\s+(?:now|today|here|free|for\s+free)\b|"
    r"\b(?:click|tap|hit)\s+(?:the\s+|my\s+)?(?:link|here|below)\b|\blink\s+in\s+(?:my\s+)?(?:bio|profile|comments)\b|"
    r"\b(?:check\s+out|visit|follow|subscribe\s+to)\s+my\s+(?:website|site|channel|page|profile|store|shop|course|"
    r"newsletter|podcast|product|offer|program)\b|"
    r"\b(?:join|grow|build)\s+my\s+(?:team|downline|network\s+marketing)\b|\bbe\s+your\s+own\s+boss\b|"
    r"\bpassive\s+income\b|\bfinancial\s+freedom\b|\b(?:earn|make)\s+(?:up\s+to\s+)?[$£€]?\d[\d,.]*k?\s*"
    r"(?:\$|dollars|usd|a\s+day|a\s+week|a\s+month|per\s+(?:day|week|month)|/\s*(?:day|week|month)|from\s+home)|"
    r"\bwork\s+from\s+home\s+(?:and|opportunity)\b|"
    r"\b(?:[2-9]|10|100)x\s+your\s+(?:pipeline|revenue|sales|leads|income|meetings|bookings|arr|mrr|close\s+rate)\b|"
    r"\b(?:double|triple)\s+your\s+(?:pipeline|revenue|sales|leads|income|meetings)\s+(?:in|with|using)\b|"
    r"\b(?:act|buy|order|call|apply)\s+now\b|\bdon'?t\s+miss\s+(?:out|this)\b|"
    r"\bcalendly\.com\b|\bmy\s+calendly\b|\bguaranteed\s+(?:results|leads|meetings|returns|roi)\b|"
    r"\b(?:crypto|forex|bitcoin)\s+(?:opportunity|investment|signals|trading\s+group)\b|\bmlm\b|"
    r"\b(?:whatsapp|telegram)\s+(?:me|group)\b|\bfree\s+(?:trial|audit|consultation|ebook|e-book|webinar|"
    r"demo)\b[^.!?]{0,40}\b(?:dm|link|sign\s+up|register|book|click|today|now)\b|"
    r"\b(?:we|i)\s+help\s+(?:\w+\s+){0,4}(?:teams|companies|founders|reps|businesses|agencies|saas)\s+"
    r"(?:\w+\s+){0,8}(?:dm|book|reach\s+out|message|link|let'?s\s+(?:talk|chat|connect))|"
    r"\b(?:interested|want\s+(?:to\s+)?(?:more|in))\?\s*(?:dm|pm|message|comment)\b|\bcomment\s+[\"“']?[a-z]+[\"”']?\s+"
    r"(?:below\s+)?(?:and|to)\s+(?:i'?ll|get)\b|\bhttps?://\S+\s*(?:for|to)\s+(?:a\s+)?(?:free|discount|demo|trial)"
)
CTA = re.compile(_CTA)
_CTA_PRESENT = presence(CTA)


def rule_hit(normalized: str) -> bool:
    """True when a normalized text contains an explicit call to buy, book, sign up or join."""
    return _CTA_PRESENT.search(normalized) is not None


def allowed_by_context(context: dict | None) -> str | None:
    """Why a pitch is welcome in this context, or None when it is not (see the module docstring)."""
    context = context or {}
    kind = context.get("post_kind")
    if kind == "pitch_practice":
        return "pitches are welcome in pitch-practice posts"
    if kind == "recommendation_request" and context.get("where") != "post":
        return "the post this replies to asked for recommendations"
    return None
