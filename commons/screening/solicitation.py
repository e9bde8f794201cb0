"""Solicitation detector: an unprompted pitch to buy, book, sign up, or join a scheme.

The score is the larger of the trained model's calibrated probability (spam and self-promotion data plus
the project's own pitches and sales talk) and the probability of the first matching rule below. Talking
*about* selling ("how do you run a demo?", "our discount policy") is the community's daily business and
is not a pitch; a pitch addresses the reader with a call to act: "DM me to 3x your pipeline", "book a demo
at ...", "use code SAVE20", "join my team and be your own boss". Some calls to act are what members say
every day ("DM me for the slides", "register here for Thursday", "join my team, we're hiring", "check
out my podcast"): those (``_CALL``) count only beside a commercial cue anywhere in the text
(``_COMMERCIAL``: a price, a discount, a course, "we help", "your pipeline"); the others (``_PITCH``)
count alone. A discount counts when it is offered to the reader ("20% off your first year"), not when a
member tells how they won a deal ("offered them 15% off the first year").

Context allowance (``allowed_by_context``): a pitch is welcome in a post whose ``post_kind`` is
``pitch_practice`` (members ask for feedback on their pitch) and in a reply (``where`` is not ``"post"``)
to a post whose ``post_kind`` is ``recommendation_request`` (someone asked for vendors). The score is
still reported; only the flag is dropped.
"""

from __future__ import annotations

import re

from .scan import WORDS, WordGate, presence

RULE_PROBABILITY = 0.88

# A call to act that is a pitch by itself.
_PITCH = (
    r"\b(?:use|with|enter|apply)\s+(?:my\s+|the\s+|promo\s+|discount\s+|coupon\s+)?(?:code|coupon|promo\s+code)\s+"
    r"(?!words?\b|names?\b|reviews?\b|snippets?\b|base\b|of\b|and\b|to\b|in\b)\w+|"
    # a discount offered to the reader; members talk about the ones they gave ("offered them 15% off
    # the first year") all the time
    r"\b\d{1,2}\s*%\s*off\s+(?:your|for\s+you|if\s+you|when\s+you|with\s+(?:my\s+|the\s+)?code|today|now|all\s+"
    r"(?:plans|orders|courses|templates|seats)|every|any|orders?|everything|sitewide|at\s+checkout)\b|"
    r"\b(?:(?<=^)|(?<=[.!?:,])|(?<=[.!?:,]\s)|(?<=\band\s)|(?<=\bnow\s))(?:get|save|take|enjoy|grab|claim|unlock)\s+"
    r"(?:an?\s+)?"
    r"(?:extra\s+|flat\s+|instant\s+)?\d{1,2}\s*%\s*(?:off|discount)\b|"
    r"\b(?:check\s+out|visit|buy|grab|get)\s+my\s+(?:store|shop|course|product|offer|program|"
    r"templates?\s+(?:pack|bundle|shop))\b|\b(?:check\s+out|visit|shop)\s+our\s+(?:\w+\s+)?(?:store|shop)\b|"
    r"\b\d{1,2}\s*%\s*off\s+with\s+(?:code\s+)?[a-z]*\d[a-z0-9]*\b|"
    r"\b(?:grow|build|join)\s+my\s+(?:downline|network\s+marketing)\b|\bbe\s+your\s+own\s+boss\b|"
    r"\b(?:sign\s+up|subscribe|enroll|buy|order)\s+(?:now\s+|today\s+)?(?:at|on)\s+[a-z0-9-]+\."
    r"(?:com|io|co|ai|net|app|shop|store|example)\b|"
    r"\b(?:own|owning|start|run|running)\s+your\s+own\s+(?:business|company)\b|\bzero\s+risk\b|"
    r"\bpassive\s+income\b|\bfinancial\s+freedom\b|\b(?:earn|make)\s+(?:up\s+to\s+)?[$£€]?\d[\d,.]*k?\s*"
    r"(?:\$|dollars|usd|a\s+day|a\s+week|a\s+month|per\s+(?:day|week|month)|/\s*(?:day|week|month)|from\s+home)|"
    r"\bwork\s+from\s+home\s+(?:and|opportunity)\b|"
    r"\b(?:[2-9]|10|100)x\s+your\s+(?:pipeline|revenue|sales|leads|income|meetings|bookings|arr|mrr|close\s+rate)\b|"
    r"\b(?:double|triple)\s+your\s+(?:pipeline|revenue|sales|leads|income|meetings)\s+(?:in|with|using)\b|"
    r"\b(?:act|buy|order)\s+now\b|\bguaranteed\s+(?:results|leads|meetings|returns|roi)\b|"
    r"\b(?:crypto|forex|bitcoin)\s+(?:opportunity|investment|signals|trading\s+group)\b|\bmlm\b|"
    r"\bfree\s+(?:trial|audit|consultation|demo)\b[^.!?]{0,40}\b(?:dm|link|sign\s+up|register|book|click|today|now)\b|"
    r"\b(?:we|i)\s+help\s+(?:\w+\s+){0,4}(?:teams|companies|founders|reps|businesses|agencies|saas)\s+"
    r"(?:\w+\s+){0,8}(?:dm|book|reach\s+out|message|link|let'?s\s+(?:talk|chat|connect))|"
    r"\b(?:interested|want\s+(?:to\s+)?(?:more|in))\?\s*(?:dm|pm|message|comment)\b|\bcomment\s+[\"“']?[a-z]+[\"”']?\s+"
    r"(?:below\s+)?(?:and|to)\s+(?:i'?ll|get)\b|\bhttps?://\S+\s*(?:for|to)\s+(?:a\s+)?(?:free|discount|demo|trial)"
)
# A call to act that members also make to share a template, fill a meetup or hire ("DM me for the
# slides", "register here for Thursday", "join my team, we're hiring"): a pitch only beside a commercial
# cue (``_COMMERCIAL``) anywhere in the text.
_CALL = (
    r"\b(?:dm|pm|message|inbox|text|whatsapp|ping)\s+me\s+(?:now\s+|today\s+)?(?:to|for|and\s+i'?ll|asap)\b|"
    r"\b(?:book|schedule|grab|reserve)\s+(?:a|your|a\s+free|your\s+free|a\s+quick|a\s+15.min|a\s+30.min)\s+"
    r"(?:\w+\s+){0,2}(?:demo|call|consultation|audit|session|slot|meeting|strategy\s+call)\s+(?:with\s+(?:me|us)|"
    r"here|now|today|at|on|via|using|through|:|before)|"
    r"\blimited\s+(?:time|spots|seats|offer|availability)\b|"
    r"\b(?:sign\s+up|register|subscribe|enroll|join)\s+(?:now|today|here|free|for\s+free)\b|"
    r"\b(?:click|tap|hit)\s+(?:the\s+|my\s+)?(?:link|here|below)\b|\blink\s+in\s+(?:my\s+)?(?:bio|profile|comments)\b|"
    r"\b(?:check\s+out|visit|follow|subscribe\s+to)\s+my\s+(?:website|site|channel|page|profile|newsletter|podcast)\b|"
    r"\bjoin\s+my\s+team\b|\b(?:apply|call)\s+now\b|\bdon'?t\s+miss\s+(?:out|this)\b|"
    r"\bcalendly\.com\b|\bmy\s+calendly\b|\b(?:whatsapp|telegram)\s+(?:me|group)\b|"
    r"\bfree\s+(?:ebook|e-book|webinar)\b[^.!?]{0,40}\b(?:dm|link|sign\s+up|register|book|click|today|now)\b"
)
_COMMERCIAL = (
    r"\b(?:pric(?:e|es|ing)|discounts?|coupons?|promo|demo|trials?|courses?|coaching|masterclass|bootcamp|"
    r"cohort|income|side\s+hustle|commissions?|subscriptions?|(?<!nothing\sto\s)(?<!no\sneed\sto\s)buy|purchase|"
    r"roi|crypto|forex|"
    r"(?:special|exclusive|limited|this|my)\s+offer|offer\s+(?:ends|expires)|"
    r"\d+\s*(?:dollars|usd|bucks)|"
    r"free\s+(?:\w+\s+)?(?:playbook|guide|audit|consult\w*|ebook|e-book|course|training|masterclass|strategy|"
    r"call|session|assessment)|"
    r"(?:your|you're)\s+(?:pipeline|revenue|sales|income|leads|meetings|business|bookings|close\s+rate)|"
    r"(?:we|i)\s+help|our\s+(?:platform|tool|software|agency|services?|solution|product|app)|"
    r"my\s+(?:agency|company's|services?|products?|course|program|offer|tool|app|platform)|"
    r"invest(?:ment)?\s+opportunit(?:y|ies)|opportunity\s+to\s+(?:earn|make)|guaranteed)\b|"
    r"\b\d{1,2}\s*%|[$£€]\s?\d"
)
PITCH = re.compile(_PITCH)
CALL = re.compile(_CALL)
COMMERCIAL = re.compile(_COMMERCIAL)
_PITCH_PRESENT = presence(PITCH)
_CALL_PRESENT = presence(CALL)
_COMMERCIAL_PRESENT = presence(COMMERCIAL)
# one first look for the many texts that hold neither kind of call: each alternative is tried only
# beside the words it starts with
_ANY_CALL = WordGate(re.compile(f"{_PITCH}|{_CALL}"))


def rule_hit(normalized: str, words: set[str] | None = None) -> bool:
    """True when a normalized text contains an explicit call to buy, book, sign up or join; ``words``
    is the set of its runs of ``[a-z0-9]`` (``scan.WORDS``), when already known."""
    if words is None:
        words = set(WORDS.findall(normalized))
    if not _ANY_CALL.search(normalized, words):
        return False
    if _PITCH_PRESENT.search(normalized):
        return True
    return bool(_CALL_PRESENT.search(normalized) and _COMMERCIAL_PRESENT.search(normalized))


def allowed_by_context(context: dict | None) -> str | None:
    """Why a pitch is welcome in this context, or None when it is not (see the module docstring)."""
    context = context or {}
    kind = context.get("post_kind")
    if kind == "pitch_practice":
        return "pitches are welcome in pitch-practice posts"
    if kind == "recommendation_request" and context.get("where") != "post":
        return "the post this replies to asked for recommendations"
    return None
