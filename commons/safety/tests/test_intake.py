"""`commons intake-email`: reports and thread replies from real MIME messages."""

import io
import sys
from email.header import Header
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from django.core import mail
from django.core.management import call_command

from commons.cli import main as commons
from commons.safety import intake
from commons.safety.models import Evidence, Party, Report

from .report_fixtures import EXE_BYTES, PDF_BYTES, jpeg_bytes, png_bytes

SAFETY = "safety@commons.example"


@pytest.fixture(autouse=True)
def _safety_address(settings):
    settings.SAFETY_EMAIL = SAFETY


def _plain(
    body="He shouted at me at the meetup.", *, sender="Visitor <visitor@example.com>", **headers
):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = headers.pop("to", SAFETY)
    message["Subject"] = headers.pop("subject", "Something happened")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def _command(*args) -> int:
    """The command's exit code. (The `commons` entry point closes the database connections on
    exit, which would end the test's transaction, so only usage errors go through it.)"""
    try:
        call_command("intake_email", *args)
    except SystemExit as exit_:
        return exit_.code
    return 0


def _run(raw: bytes, monkeypatch, *args) -> int:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    return _command(*args)


# parsing


def test_parse_message_prefers_the_plain_alternative():
    message = MIMEMultipart("alternative")
    message["From"] = "a@example.com"
    message["To"] = SAFETY
    message.attach(MIMEText("Plain words", "plain"))
    message.attach(MIMEText("<p>HTML <b>words</b></p>", "html"))

    parsed = intake.parse_message(message.as_bytes())

    assert parsed.body == "Plain words"
    assert parsed.attachments == []


def test_parse_message_converts_an_html_only_body_to_text():
    message = MIMEText(
        "<html><head><style>p{color:red}</style></head><body><p>First line</p>"
        "<p>Second &amp; last</p><script>alert(1)</script></body></html>",
        "html",
    )
    message["From"] = "a@example.com"

    parsed = intake.parse_message(message.as_bytes())

    assert parsed.body == "First line\n\nSecond & last"


@pytest.mark.parametrize(
    "charset,text",
    [
        ("iso-8859-1", "Café à côté, très désagréable"),
        ("windows-1252", "He said “go away” – twice"),
        ("shift_jis", "会場で嫌がらせを受けました"),
    ],
)
def test_parse_message_decodes_non_utf8_bodies(charset, text):
    message = MIMEText(text, "plain", charset)
    message["From"] = "a@example.com"

    assert intake.parse_message(message.as_bytes()).body == text


def test_parse_message_decodes_encoded_headers():
    message = MIMEText("Body", "plain", "utf-8")
    message["From"] = f"{Header('Zoë Müller', 'utf-8').encode()} <zoe@example.com>"
    message["Subject"] = Header("Belästigung beim Treffen", "utf-8").encode()

    parsed = intake.parse_message(message.as_bytes())

    assert (parsed.from_name, parsed.from_email, parsed.subject) == (
        "Zoë Müller",
        "zoe@example.com",
        "Belästigung beim Treffen",
    )


def test_parse_message_survives_malformed_headers():
    raw = (
        b"From: broken <visitor@example.com\r\n"
        b"To: =?utf-8?q?unterminated <safety@commons.example>\r\n"
        b"Subject: =?bogus-charset?b?!!!?=\r\n"
        b"Date: not a date\r\n"
        b"Content-Type: text/plain; charset=made-up\r\n"
        b"\r\n"
        b"Still readable\r\n"
    )

    parsed = intake.parse_message(raw)

    assert parsed.body == "Still readable"


def test_parse_message_refuses_a_message_without_a_sender():
    with pytest.raises(intake.Refused, match="sender"):
        intake.parse_message(b"Subject: hi\r\n\r\nbody\r\n")


def test_parse_message_refuses_a_huge_message(settings):
    settings.INTAKE_MAX_MESSAGE_BYTES = 1000

    with pytest.raises(intake.Refused, match="too large"):
        intake.parse_message(_plain("x" * 2000))


def test_strip_quoted_keeps_only_the_new_part():
    body = "Thanks, yes it was him.\n\nOn Mon, 1 Jan 2030, Moderators wrote:\n> Can you tell us more?\n"

    assert intake.strip_quoted(body) == "Thanks, yes it was him."


def test_reply_token_of_finds_the_plus_address():
    assert intake.reply_token_of(["someone@else.org", "safety+ab12cd@commons.example"]) == "ab12cd"
    assert intake.reply_token_of(["other+ab12@commons.example"]) is None


# filing


def test_intake_files_a_report_from_stdin(db, code, monkeypatch, capsys):
    code_ = _run(_plain(subject="Harassment at the meetup"), monkeypatch)

    report = Report.objects.get()
    assert code_ == 0
    assert (report.source, report.reporter, report.contact_email, report.contact_name) == (
        "email",
        None,
        "visitor@example.com",
        "Visitor",
    )
    assert "He shouted at me" in report.description
    assert "Harassment at the meetup" in report.description
    assert report.reference in capsys.readouterr().out


def test_intake_links_a_known_sender_to_their_account(member, monkeypatch):
    _run(_plain(sender=f"Alex <{member.email.upper()}>"), monkeypatch)

    report = Report.objects.get()
    assert (report.reporter, report.contact_email) == (member, "")


def test_intake_cites_clauses_named_in_the_message(db, code, monkeypatch):
    _run(_plain("This breaks professional.no-doxing: he posted my address."), monkeypatch)

    report = Report.objects.get()
    assert (report.clause_keys, report.reason) == (["professional.no-doxing"], "doxing")


def test_intake_keeps_image_and_pdf_attachments_as_evidence(db, code, monkeypatch):
    message = MIMEMultipart("mixed")
    message["From"] = "visitor@example.com"
    message["To"] = SAFETY
    message["Subject"] = "Screenshots"
    body = MIMEMultipart("alternative")
    body.attach(MIMEText("See the screenshots.", "plain"))
    body.attach(MIMEText("<p>See the screenshots.</p>", "html"))
    message.attach(body)
    image = MIMEImage(png_bytes(), "png")
    image.add_header("Content-Disposition", "attachment", filename="chat.png")
    message.attach(image)
    photo = MIMEImage(jpeg_bytes(), "jpeg")
    photo.add_header("Content-Disposition", "inline", filename="photo.jpg")
    message.attach(photo)
    pdf = MIMEApplication(PDF_BYTES, "pdf")
    pdf.add_header("Content-Disposition", "attachment", filename="log.pdf")
    message.attach(pdf)

    assert _run(message.as_bytes(), monkeypatch) == 0

    kept = dict(Evidence.objects.values_list("original_name", "content_type"))
    assert kept == {
        "chat.png": "image/png",
        "photo.jpg": "image/jpeg",
        "log.pdf": "application/pdf",
    }
    assert Report.objects.get().description.startswith(
        "Subject: Screenshots\n\nSee the screenshots."
    )


def test_intake_skips_a_disguised_attachment_and_notes_it(db, code, monkeypatch, capsys):
    message = EmailMessage()
    message["From"] = "visitor@example.com"
    message["To"] = SAFETY
    message.set_content("Look at this.")
    message.add_attachment(EXE_BYTES, maintype="image", subtype="png", filename="cute.png")
    message.add_attachment(png_bytes(), maintype="image", subtype="png", filename="real.png")

    assert _run(message.as_bytes(), monkeypatch) == 0

    report = Report.objects.get()
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["real.png"]
    assert "skipped attachment: cute.png is not an image or a PDF" in report.description
    assert "cute.png" in capsys.readouterr().out


def test_intake_skips_an_oversized_attachment_and_notes_it(settings, db, code, monkeypatch):
    settings.EVIDENCE_MAX_BYTES = 100
    message = EmailMessage()
    message["From"] = "visitor@example.com"
    message.set_content("Big file attached.")
    message.add_attachment(png_bytes((64, 64)), maintype="image", subtype="png", filename="big.png")

    assert _run(message.as_bytes(), monkeypatch) == 0

    assert not Evidence.objects.exists()
    assert "big.png is too large" in Report.objects.get().description


def test_intake_acknowledges_by_email(db, code, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _run(_plain(), monkeypatch)

    assert mail.outbox[0].to == ["visitor@example.com"]
    assert Report.objects.get().reference in mail.outbox[0].body


def test_intake_refuses_a_huge_message_with_one_line_and_exit_1(
    settings, db, code, monkeypatch, capsys
):
    settings.INTAKE_MAX_MESSAGE_BYTES = 500

    code_ = _run(_plain("x" * 5000), monkeypatch)

    err = capsys.readouterr().err.strip()
    assert code_ == 1
    assert len(err.splitlines()) == 1 and "too large" in err
    assert not Report.objects.exists()


def test_intake_refuses_an_empty_message_with_exit_1(db, code, monkeypatch):
    assert _run(b"", monkeypatch) == 1


def test_intake_without_input_is_a_usage_error(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Tty())

    assert commons(["intake-email"]) == 2


def test_intake_with_a_folder_that_is_not_a_maildir_is_a_usage_error(tmp_path):
    assert commons(["intake-email", "--maildir", str(tmp_path)]) == 2


# replies to case threads


def test_intake_routes_a_plus_addressed_reply_to_the_thread(db, code, monkeypatch):
    calls = []

    def receive(*, reply_token, from_email, body):
        calls.append((reply_token, from_email, body))
        return object()

    monkeypatch.setattr("commons.safety.actions.receive_thread_email", receive, raising=False)
    raw = _plain(
        "Yes, it happened twice.\n\nOn Tue, Moderators wrote:\n> When did it happen?",
        sender="visitor@example.com",
        to="Moderators <safety+tok123@commons.example>",
    )

    assert _run(raw, monkeypatch) == 0

    assert calls == [("tok123", "visitor@example.com", "Yes, it happened twice.")]
    assert not Report.objects.exists()


def test_intake_reply_with_an_unknown_token_is_refused(db, code, monkeypatch, capsys):
    from django.core.exceptions import ValidationError

    def receive(**kwargs):
        raise ValidationError("No such thread.")

    monkeypatch.setattr("commons.safety.actions.receive_thread_email", receive, raising=False)
    raw = _plain("Hello", sender="visitor@example.com", Delivered_To="safety+nope@commons.example")

    assert _run(raw, monkeypatch) == 1
    assert "No such thread." in capsys.readouterr().err


# Maildir


def _maildir(root, messages):
    for folder in ("new", "cur", "tmp"):
        (root / folder).mkdir(parents=True)
    for i, raw in enumerate(messages):
        (root / "new" / f"{1700000000 + i}.M{i}.host").write_bytes(raw)
    return root


def test_intake_maildir_files_every_new_message_once(db, code, tmp_path):
    box = _maildir(tmp_path / "Maildir", [_plain("One"), _plain("Two", sender="b@example.com")])

    first = _command("--maildir", str(box), "--no-progress")
    second = _command("--maildir", str(box), "--no-progress")

    assert (first, second) == (0, 0)
    assert Report.objects.count() == 2
    assert not list((box / "new").iterdir())
    assert all(p.name.endswith(":2,S") for p in (box / "cur").iterdir())


def test_intake_maildir_flags_a_refused_message_and_files_the_rest(settings, db, code, tmp_path):
    settings.INTAKE_MAX_MESSAGE_BYTES = 2000
    box = _maildir(tmp_path / "Maildir", [_plain("x" * 5000), _plain("Fine")])

    assert _command("--maildir", str(box), "--no-progress") == 1

    assert Report.objects.count() == 1
    assert sorted(p.name.split(":2,")[1] for p in (box / "cur").iterdir()) == ["FS", "S"]


def test_intake_email_reporter_is_a_party_by_email(db, code, monkeypatch):
    _run(_plain(), monkeypatch)

    party = Party.objects.get(role="reporter")
    assert (party.user, party.email) == (None, "visitor@example.com")


def test_intake_reply_lands_in_the_reporters_thread(db, code, monkeypatch):
    from commons.safety.models import ThreadMessage

    _run(_plain("It happened at the meetup."), monkeypatch)
    party = Party.objects.get(role="reporter")
    reply = _plain(
        "It was on Friday.\n\nOn Sat, the moderators wrote:\n> Which day?",
        sender="visitor@example.com",
        to=f"safety+{party.reply_token}@commons.example",
    )

    assert _run(reply, monkeypatch) == 0

    message = ThreadMessage.objects.get(party=party)
    assert (message.body, message.via, message.from_moderators) == (
        "It was on Friday.",
        "email",
        False,
    )
    assert Report.objects.count() == 1
