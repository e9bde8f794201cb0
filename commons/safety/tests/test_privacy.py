"""Privacy of reports, from the side of everyone who must not see them.

One case is set up through the actions: a reporter (who privately self-identifies) reports a post
with evidence, naming a moderator who must not see it; the handling moderator keeps a note, writes to
the reporter and to the respondent, and issues a warning. Then, for the respondent, an unrelated
member, a guest and the excluded (recused) moderator, every page, API list, notification, email,
search and audit view they can reach is read, and none may carry the report, the reporter's
identity, a note, someone else's thread, the evidence or the self-identification.
"""

import pytest
from django.core import mail
from django.test import Client

from commons.community.actions import create_post
from commons.members.actions import create_api_token, set_self_identification
from commons.members.models import IdentityOption
from commons.safety import actions
from commons.safety.models import Case, Party, PartyRole
from commons.testing.factories import UserFactory

from .report_fixtures import png_bytes

REPORTER_NAME = "Quilla Reportwell"
REPORTER_EMAIL = "quilla.reportwell@example.org"
DESCRIPTION = "Zanzibar-description: the post mocks new SDRs."
NOTE = "Marmalade-note: check the earlier thread first."
TO_REPORTER = "Quasar-thread: thank you, we are on it."
FROM_REPORTER = "Nebula-reply: it happened twice before."
EVIDENCE_NAME = "screenshot-porcupine.png"
IDENTITY = "Identity-Heliotrope"

SECRETS = [
    REPORTER_NAME,
    REPORTER_EMAIL,
    "quilla",
    DESCRIPTION,
    "Zanzibar",
    NOTE,
    "Marmalade",
    TO_REPORTER,
    "Quasar",
    FROM_REPORTER,
    "Nebula",
    EVIDENCE_NAME,
    "porcupine",
    IDENTITY,
    "Heliotrope",
]


@pytest.fixture
def world(owner, moderator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reporter = UserFactory(display_name=REPORTER_NAME, email=REPORTER_EMAIL)
    respondent = UserFactory(display_name="Rory Respondent", email="rory@example.org")
    unrelated = UserFactory(display_name="Una Unrelated", email="una@example.org")
    recused = UserFactory(moderator=True, display_name="Rex Recused", email="rex@example.org")
    option = IdentityOption.objects.create(slug="heliotrope", label=IDENTITY)
    set_self_identification(
        reporter, actor=reporter, prefer_not_to_say=False, option_ids=[option.pk]
    )
    post = create_post(
        author=respondent, kind="insight", title="Standups", body="New SDRs should stay quiet."
    )
    mail.outbox.clear()
    report = actions.file_report(
        reporter=reporter,
        subject={"type": "post", "id": post.pk},
        clause_keys=["professional.no-harassment"],
        description=DESCRIPTION,
        desired_outcome="An apology.",
        exclude_moderator_ids=[recused.pk],
        evidence=[(EVIDENCE_NAME, png_bytes())],
    )
    case = Case.objects.get(pk=report.case_id)
    actions.add_case_note(case, actor=moderator, body=NOTE)
    to_reporter = Party.objects.get(case=case, role=PartyRole.REPORTER)
    to_respondent = Party.objects.get(case=case, role=PartyRole.RESPONDENT)
    actions.send_thread_message(to_reporter, actor=moderator, body=TO_REPORTER)
    actions.send_thread_message(to_reporter, actor=reporter, body=FROM_REPORTER)
    actions.send_thread_message(
        to_respondent, actor=moderator, body="Your post was reported; can we talk?"
    )
    actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "warning"}],
        reason="Belittling new members goes against our code.",
        clause_keys=["professional.no-harassment"],
    )
    return {
        "case": case,
        "report": report,
        "evidence": report.evidence.get(),
        "respondent": respondent,
        "unrelated": unrelated,
        "recused": recused,
        "reporter_party": to_reporter,
        "respondent_party": to_respondent,
        "post": post,
    }


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _api_headers(user):
    if user is None:
        return {}
    _, key = create_api_token(user, actor=user, name="privacy")
    return {"Authorization": f"Bearer {key}"}


def _assert_clean(text: str, where: str):
    lowered = text.lower()
    leaked = [s for s in SECRETS if s.lower() in lowered]
    assert not leaked, f"{where} leaks {leaked}"


def _pages(w):
    case, party = w["case"], w["reporter_party"]
    return [
        "/safety/cases/",
        f"/safety/cases/{case.pk}/",
        f"/safety/cases/{case.pk}/threads/{party.pk}/",
        f"/safety/cases/{case.pk}/threads/{w['respondent_party'].pk}/",
        f"/safety/cases/{case.pk}/evidence/{w['evidence'].pk}/",
        f"/safety/cases/{case.pk}/decide/",
        f"/safety/conversations/{party.pk}/",
        "/safety/conversations/",
        "/safety/my-reports/",
        "/safety/me/decisions/",
        "/safety/appeals/",
        "/safety/transparency/",
        "/notifications/",
        "/search/?q=mocks",
        "/search/?q=earlier+thread",
        "/dashboard/audit/",
        "/dashboard/",
        f"/posts/{w['post'].pk}/",
        f"/members/@{w['respondent'].profile.handle}/",
    ]


def _api(w):
    case = w["case"]
    return [
        "/api/v1/cases",
        f"/api/v1/cases/{case.pk}",
        "/api/v1/me/reports",
        "/api/v1/me/threads",
        "/api/v1/me/decisions",
        "/api/v1/notifications",
        "/api/v1/search?q=mocks",
        "/api/v1/audit",
    ]


ROLES = ["respondent", "unrelated", "guest", "recused"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_privacy_pages_show_nothing_of_the_report_to(role, world):
    user = None if role == "guest" else world[role]
    client = _client_for(user)
    for url in _pages(world):
        response = client.get(url, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        _assert_clean(body.decode("utf-8", "replace"), f"{url} for the {role}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["respondent", "unrelated", "guest", "recused"])
def test_privacy_case_pages_answer_404_to(role, world):
    user = None if role == "guest" else world[role]
    client = _client_for(user)
    case = world["case"]
    for url in (
        f"/safety/cases/{case.pk}/",
        f"/safety/cases/{case.pk}/threads/{world['reporter_party'].pk}/",
        f"/safety/cases/{case.pk}/evidence/{world['evidence'].pk}/",
        f"/safety/conversations/{world['reporter_party'].pk}/",
    ):
        response = client.get(url)
        if role == "guest" and response.status_code == 302:
            assert response.url.startswith("/accounts/login/"), url
            continue
        assert response.status_code == 404, f"{url} for the {role}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_privacy_api_shows_nothing_of_the_report_to(role, world, client):
    user = None if role == "guest" else world[role]
    headers = _api_headers(user)
    for url in _api(world):
        response = client.get(url, headers=headers)
        assert response.status_code in (200, 401, 403, 404), f"{url}: {response.status_code}"
        _assert_clean(response.content.decode(), f"{url} for the {role}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["respondent", "unrelated", "recused"])
def test_privacy_notifications_and_emails_carry_nothing_of_the_report_to(role, world):
    user = world[role]
    for notification in user.notifications.all():
        _assert_clean(f"{notification.text} {notification.url}", f"a notification to the {role}")
    for message in mail.outbox:
        if user.email in message.to:
            text = f"{message.subject} {message.body} {message.reply_to} " + " ".join(
                str(content) for content, _ in getattr(message, "alternatives", [])
            )
            _assert_clean(text, f"an email to the {role}")


@pytest.mark.django_db
def test_privacy_respondent_sees_their_own_thread_and_decision_but_no_reporter(world):
    client = _client_for(world["respondent"])
    page = client.get(f"/safety/conversations/{world['respondent_party'].pk}/")
    assert page.status_code == 200
    assert "can we talk?" in page.content.decode().lower()
    decisions = client.get("/safety/me/decisions/").content.decode()
    assert "Belittling new members" in decisions
    _assert_clean(decisions, "the respondent's decisions")


@pytest.mark.django_db
def test_privacy_handling_moderator_does_see_the_report(world, moderator):
    """The control: the same reads by the handling moderator do show what the others must not see,
    so the checks above look in the right places."""
    client = _client_for(moderator)
    case_page = client.get(f"/safety/cases/{world['case'].pk}/").content.decode()
    assert DESCRIPTION in case_page
    assert NOTE in case_page
    assert EVIDENCE_NAME in case_page
    thread = client.get(
        f"/safety/cases/{world['case'].pk}/threads/{world['reporter_party'].pk}/"
    ).content.decode()
    assert FROM_REPORTER in thread
