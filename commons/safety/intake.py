"""Reports and thread replies that arrive by email (``commons intake-email``).

A message to the safety address files a report (source ``email``): the body is the description,
attachments become evidence after the same checks as the web form (one that is disguised or too
large is skipped and noted in the report, never refusing the message). A message addressed to
``<local>+<token>@<domain>`` of ``settings.SAFETY_EMAIL`` is a reply to a party's thread on a case.
"""

import email
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError

# Larger messages are refused whole (attachments included).
DEFAULT_MAX_MESSAGE_BYTES = 40 * 1024 * 1024
_MAX_DESCRIPTION = 5000


class Refused(Exception):
    """The message cannot be filed; ``str()`` is one line saying why."""


def max_message_bytes() -> int:
    return int(getattr(settings, "INTAKE_MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES))


@dataclass
class Incoming:
    """What intake needs of one email message."""

    from_email: str
    from_name: str = ""
    subject: str = ""
    body: str = ""
    recipients: list[str] = field(default_factory=list)
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass
class Outcome:
    """What happened to one message: ``report`` or ``thread`` set, and notes on skipped files."""

    report: object = None
    thread_message: object = None
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.report is not None:
            case = getattr(self.report.case, "reference", "")
            text = f"filed report {self.report.reference}" + (f" (case {case})" if case else "")
        else:
            text = "added a reply to a case thread"
        return "; ".join([text, *self.notes])


class _TextFromHTML(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
    _SKIP = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML body: tags dropped, blocks on their own lines."""
    parser = _TextFromHTML()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_QUOTE_HEADER = re.compile(
    r"^(On .{1,200} wrote:|Le .{1,200} a écrit ?:|Am .{1,200} schrieb .{0,200}:"
    r"|-{2,} ?Original Message ?-{2,}|_{5,}|From: .+)\s*$",
    re.IGNORECASE,
)


def strip_quoted(text: str) -> str:
    """The new part of a reply: stops at the "On ... wrote:" line or an "Original Message"
    separator, and drops ``>`` quoted lines and a trailing signature."""
    kept = []
    for line in text.splitlines():
        if _QUOTE_HEADER.match(line.strip()):
            break
        if line.startswith(">"):
            continue
        if line.rstrip() == "--":
            break
        kept.append(line)
    return "\n".join(kept).strip()


def _decoded(part: EmailMessage) -> str:
    """A text part as str, whatever its charset; an unknown or wrong charset degrades, never fails."""
    try:
        return part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            return payload.decode("latin-1")


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a malformed header the parser cannot even fold
        value = None
    if value is None:
        raw = message.get_all(name, failobj=[]) if hasattr(message, "get_all") else []
        value = raw[0] if raw else ""
    return str(value).replace("\r", " ").replace("\n", " ").strip()


def _addresses(message: EmailMessage, *names: str) -> list[str]:
    found = []
    for name in names:
        try:
            values = [str(v) for v in message.get_all(name, failobj=[])]
        except Exception:
            values = []
        for _, address in getaddresses(values):
            if "@" in address:
                found.append(address.strip().lower())
    return found


def parse_message(raw: bytes) -> Incoming:
    """The sender, subject, plain-text body, recipients and attachments of an RFC 5322 message.

    Prefers the text/plain alternative, else converts HTML to text. Raises Refused for a message
    over the size limit or without a usable sender address.
    """
    limit = max_message_bytes()
    if len(raw) > limit:
        raise Refused(f"message too large: {len(raw) // 1024} KB, the limit is {limit // 1024} KB")
    if not raw.strip():
        raise Refused("empty message")
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
    except Exception as error:  # the parser is lenient; this is truly unreadable input
        raise Refused(f"unreadable message: {type(error).__name__}") from None
    from_header = _header(message, "From")
    try:
        from_name, from_email = parseaddr(from_header)
    except Exception:
        from_name, from_email = "", ""
    from_email = from_email.strip().lower()
    if not from_email or "@" not in from_email or " " in from_email:
        raise Refused("no usable sender address in From")

    body_part = None
    try:
        body_part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        body_part = None
    body = ""
    if body_part is not None:
        body = _decoded(body_part)
        if body_part.get_content_subtype() == "html":
            body = html_to_text(body)
    elif not message.is_multipart() and message.get_content_maintype() == "text":
        body = _decoded(message)

    attachments = []
    for part in message.walk():
        if part is body_part or part.is_multipart():
            continue
        filename = None
        try:
            filename = part.get_filename()
        except Exception:
            filename = None
        disposition = part.get_content_disposition()
        if not filename and disposition != "attachment" and part.get_content_maintype() == "text":
            continue  # the other alternative of the body
        data = part.get_payload(decode=True) or b""
        name = (filename or f"attachment-{len(attachments) + 1}").replace("/", "_")[:200]
        attachments.append((name, data))

    return Incoming(
        from_email=from_email,
        from_name=from_name.strip()[:120],
        subject=_header(message, "Subject")[:300],
        body=body.replace("\r\n", "\n").strip(),
        recipients=_addresses(message, "To", "Cc", "Delivered-To", "X-Original-To"),
        attachments=attachments,
    )


def reply_token_of(recipients: list[str]) -> str | None:
    """The thread token of a ``<local>+<token>@<domain>`` recipient of the safety address."""
    local, _, domain = settings.SAFETY_EMAIL.lower().partition("@")
    pattern = re.compile(rf"^{re.escape(local)}\+([a-z0-9]+)@{re.escape(domain)}$")
    for address in recipients:
        match = pattern.match(address)
        if match:
            return match.group(1)
    return None


def _cited_clauses(text: str) -> list[str]:
    """Clause ids of the current Code of Conduct named in the message (``professional.no-doxing``)."""
    from commons.conduct.queries import current_version

    version = current_version()
    if version is None:
        return []
    return [key for key in version.clauses.values_list("key", flat=True) if key in text]


def process_message(raw: bytes) -> Outcome:
    """File one message: a reply to a case thread, or a new report. Raises Refused (one line)."""
    from commons.members.models import User

    from .actions import check_evidence, file_report
    from .models import Source

    incoming = parse_message(raw)
    token = reply_token_of(incoming.recipients)
    if token:
        try:
            from .actions import receive_thread_email
        except ImportError:
            raise Refused("replies to case threads cannot be received yet") from None
        body = strip_quoted(incoming.body)
        if not body:
            raise Refused("the reply is empty once the quoted message is left out")
        try:
            message = receive_thread_email(
                reply_token=token, from_email=incoming.from_email, body=body[:10000]
            )
        except ValidationError as error:
            raise Refused("reply refused: " + " ".join(error.messages)) from None
        except Exception as error:
            raise Refused(f"reply could not be added: {type(error).__name__}: {error}") from None
        return Outcome(thread_message=message)

    notes, evidence = [], []
    for name, data in incoming.attachments:
        try:
            check_evidence(name, data)
        except ValidationError as error:
            notes.append(f"skipped attachment: {' '.join(error.messages)}")
        else:
            evidence.append((name, data))
    reporter = User.objects.filter(email__iexact=incoming.from_email, is_active=True).first()
    skipped = "".join(f"\n\n[{note}]" for note in notes)
    heading = f"Subject: {incoming.subject}\n\n" if incoming.subject else ""
    room = _MAX_DESCRIPTION - len(heading) - len(skipped)
    body = incoming.body if len(incoming.body) <= room else incoming.body[: room - 1] + "…"
    try:
        report = file_report(
            reporter=reporter,
            subject={"incident": {"where": "Reported by email"}},
            clause_keys=_cited_clauses(f"{incoming.subject}\n{incoming.body}"),
            description=f"{heading}{body}{skipped}",
            evidence=evidence,
            source=Source.EMAIL,
            contact_name="" if reporter else incoming.from_name,
            contact_email="" if reporter else incoming.from_email,
        )
    except ValidationError as error:
        raise Refused("report refused: " + " ".join(error.messages)) from None
    return Outcome(report=report, notes=notes)
