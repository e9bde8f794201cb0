# ruff: noqa: F811  (pytest fixtures imported from decision_fixtures)
"""The signed appeal link: a member removed from the community (who cannot log in) appeals once,
within 14 days, through the link in the email that told them."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commons.core.models import AuditEntry
from commons.members.actions import create_api_token
from commons.safety import actions
from commons.safety.appeal_links import SALT, appeal_link, make_appeal_token, read_appeal_token
from commons.safety.models import Appeal, AppealStatus, CaseStatus, Decision
from commons.testing.factories import UserFactory

from .decision_fixtures import (  # noqa: F401
    case,
    make_case,
    post,
    reporter,
    respondent,
    second_moderator,
)

CLAUSE = "professional.no-harassment"
REASON = "Repeated insults after a warning."


def _removal(case, moderator, second_moderator):
    [decision] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "removal"}],
        reason=REASON,
        clause_keys=[CLAUSE],
    )
    return actions.confirm_removal(decision, actor=second_moderator)


@pytest.fixture
def removal(case, moderator, second_moderator):
    return _removal(case, moderator, second_moderator)


def _token(decision, **payload):
    """A token signed like the real ones, with some of its fields replaced."""
    fields = {
        "d": decision.pk,
        "r": decision.respondent_id,
        "x": int(actions.appeal_deadline(decision).timestamp()),
    }
    return signing.dumps({**fields, **payload}, salt=SALT, compress=False)


def _decision_emails(mailoutbox, respondent):
    return [
        m
        for m in mailoutbox
        if m.to == [respondent.email] and "A moderation decision:" in m.subject
    ]


def _path(decision, token=None):
    token = token or _token(decision)
    return reverse("safety:appeal-link", args=[decision.pk, token])


# --- the action -----------------------------------------------------------------------------------


def test_appeal_by_token_files_the_appeal_of_a_removed_member(removal, respondent):
    respondent.refresh_from_db()
    assert not respondent.is_active
    appeal = actions.appeal_decision_by_token(removal, token=_token(removal), statement="Please.")
    assert appeal.appellant == respondent
    assert appeal.status == AppealStatus.PENDING
    removal.case.refresh_from_db()
    assert removal.case.status == CaseStatus.APPEALED


def test_appeal_by_token_is_audited_as_coming_by_link(removal, respondent):
    appeal = actions.appeal_decision_by_token(removal, token=_token(removal), statement="Please.")
    entry = AuditEntry.objects.get(verb="safety.appeal.filed")
    assert entry.actor_id == respondent.pk
    assert entry.target_id == str(appeal.pk)
    assert entry.data["via"] == "link"


def test_appeal_by_token_made_for_another_decision_is_not_found(
    removal, moderator, second_moderator, respondent, reporter
):
    other = _removal(
        make_case(respondent=respondent, reporter=reporter), moderator, second_moderator
    )
    with pytest.raises(Http404):
        actions.appeal_decision_by_token(removal, token=_token(other), statement="Please.")
    assert not Appeal.objects.exists()


def test_appeal_by_token_made_for_another_member_is_not_found(removal, reporter):
    with pytest.raises(Http404):
        actions.appeal_decision_by_token(
            removal, token=_token(removal, r=reporter.pk), statement="Please."
        )


def test_appeal_by_tampered_token_is_refused(removal):
    token = _token(removal)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(ValidationError, match="not valid"):
        actions.appeal_decision_by_token(removal, token=tampered, statement="Please.")
    assert not Appeal.objects.exists()


def test_appeal_by_token_with_another_salt_is_refused(removal):
    token = signing.dumps({"d": removal.pk, "r": removal.respondent_id, "x": 2**40})
    with pytest.raises(ValidationError, match="not valid"):
        actions.appeal_decision_by_token(removal, token=token, statement="Please.")


def test_appeal_by_expired_token_is_refused(removal):
    late = actions.appeal_deadline(removal) + timedelta(minutes=1)
    with pytest.raises(ValidationError, match="expired"):
        actions.appeal_decision_by_token(removal, token=_token(removal), statement="x", now=late)
    assert not Appeal.objects.exists()


def test_appeal_by_token_after_the_14_days_is_refused(removal):
    # a link whose own date is still good does not stretch the appeal window
    Decision.objects.filter(pk=removal.pk).update(effective_at=timezone.now() - timedelta(days=15))
    token = _token(removal, x=int((timezone.now() + timedelta(days=1)).timestamp()))
    with pytest.raises(ValidationError, match="14 days"):
        actions.appeal_decision_by_token(removal, token=token, statement="Late.")


def test_appeal_by_token_a_second_time_is_refused(removal):
    actions.appeal_decision_by_token(removal, token=_token(removal), statement="Please.")
    with pytest.raises(ValidationError, match="already appealed"):
        actions.appeal_decision_by_token(removal, token=_token(removal), statement="Again.")
    assert Appeal.objects.count() == 1


def test_appeal_by_token_overturned_reactivates_the_account(removal, respondent, code):
    reviewer = UserFactory(moderator=True)
    appeal = actions.appeal_decision_by_token(removal, token=_token(removal), statement="Please.")
    actions.review_appeal(appeal, actor=reviewer, upheld=False, note="We were wrong.")
    respondent.refresh_from_db()
    assert respondent.is_active


# --- the email ------------------------------------------------------------------------------------


def test_removal_email_contains_the_appeal_link(
    case, moderator, second_moderator, respondent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        removal = _removal(case, moderator, second_moderator)
    [mail] = _decision_emails(mailoutbox, respondent)
    # the token carries the second it was signed, so the link is compared up to the token, which must
    # vouch for this decision's respondent
    prefix = appeal_link(removal).rsplit("/", 2)[0] + "/"
    found = re.search(re.escape(prefix) + r"([^/\s]+)/", mail.body)
    assert found
    assert read_appeal_token(found.group(1), decision_id=removal.pk) == respondent.pk
    assert Client().get(found.group(0).removeprefix(settings.SITE_URL)).status_code == 200


def test_warning_email_has_no_appeal_link(
    case, moderator, respondent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [warning] = actions.decide(
            case,
            actor=moderator,
            outcomes=[{"outcome": "warning"}],
            reason="R.",
            clause_keys=[CLAUSE],
        )
    [mail] = _decision_emails(mailoutbox, respondent)
    assert reverse("safety:appeal", args=[warning.pk]) in mail.body
    assert not re.search(r"/appeal/[^/\s]+/", mail.body)


def test_appeal_link_expires_at_the_end_of_the_appeal_window(removal):
    token = appeal_link(removal).rstrip("/").rsplit("/", 1)[1]
    payload = signing.loads(token, salt=SALT)
    assert payload == {
        "d": removal.pk,
        "r": removal.respondent_id,
        "x": int(actions.appeal_deadline(removal).timestamp()),
    }


# --- the page -------------------------------------------------------------------------------------


def test_appeal_link_page_shows_the_decision_without_login(client, removal):
    response = client.get(_path(removal))
    assert response.status_code == 200
    assert REASON in response.text
    assert "No harassment" in response.text
    assert "No insults, name-calling" in response.text
    assert 'name="statement"' in response.text


def test_appeal_link_page_never_names_the_reporter(client, removal, reporter):
    text = client.get(_path(removal)).text
    assert reporter.profile.display_name not in text
    assert reporter.email not in text
    assert "They were rude to me." not in text


def test_appeal_link_page_files_the_appeal_for_a_removed_member(client, removal, respondent):
    response = client.post(_path(removal), {"statement": "I would like to explain."})
    assert response.status_code == 302
    appeal = Appeal.objects.get(decision=removal)
    assert appeal.appellant == respondent
    assert appeal.statement == "I would like to explain."
    assert "waiting for review" in client.get(_path(removal)).text


def test_appeal_link_page_refuses_a_second_appeal(client, removal):
    client.post(_path(removal), {"statement": "First."})
    response = client.post(_path(removal), {"statement": "Second."})
    assert response.status_code == 200
    assert "already appealed" in response.text
    assert Appeal.objects.get().statement == "First."


def test_appeal_link_page_for_another_decision_is_404(
    client, removal, moderator, second_moderator, respondent, reporter
):
    other = _removal(
        make_case(respondent=respondent, reporter=reporter), moderator, second_moderator
    )
    path = reverse("safety:appeal-link", args=[removal.pk, _token(other)])
    assert client.get(path).status_code == 404
    assert client.post(path, {"statement": "x"}).status_code == 404


def test_appeal_link_page_with_a_tampered_token_says_so(client, removal):
    token = _token(removal)
    response = client.get(_path(removal, token[:-3]))
    assert response.status_code == 400
    assert "not valid" in response.text
    assert REASON not in response.text


def test_appeal_link_page_with_an_expired_token_says_so(client, removal):
    token = make_appeal_token(removal, expires=timezone.now() - timedelta(days=1))
    response = client.post(_path(removal, token), {"statement": "Late."})
    assert response.status_code == 400
    assert "expired" in response.text
    assert not Appeal.objects.exists()


def test_appeal_link_page_after_the_14_days_says_so(client, removal):
    Decision.objects.filter(pk=removal.pk).update(effective_at=timezone.now() - timedelta(days=15))
    token = _token(removal, x=int((timezone.now() + timedelta(days=1)).timestamp()))
    response = client.get(_path(removal, token))
    assert "14 days" in response.text
    assert 'name="statement"' not in response.text


# --- the API --------------------------------------------------------------------------------------


def _api_appeal(client, decision, body, **headers):
    return client.post(
        f"/api/v1/decisions/{decision.pk}/appeal",
        data=body,
        content_type="application/json",
        headers=headers,
    )


def test_api_appeal_with_token_needs_no_authentication(client, removal, respondent):
    response = _api_appeal(client, removal, {"statement": "Please.", "token": _token(removal)})
    assert response.status_code == 201
    assert response.json()["status"] == AppealStatus.PENDING
    assert Appeal.objects.get().appellant == respondent
    assert AuditEntry.objects.get(verb="safety.appeal.filed").data["via"] == "link"


def test_api_appeal_with_tampered_token_is_400(client, removal):
    response = _api_appeal(client, removal, {"statement": "Please.", "token": _token(removal)[:-2]})
    assert response.status_code == 400
    assert "not valid" in response.json()["detail"]


def test_api_appeal_with_expired_token_is_400(client, removal):
    token = make_appeal_token(removal, expires=timezone.now() - timedelta(seconds=1))
    response = _api_appeal(client, removal, {"statement": "Please.", "token": token})
    assert response.status_code == 400
    assert "expired" in response.json()["detail"]


def test_api_appeal_with_token_of_another_decision_is_404(
    client, removal, moderator, second_moderator, respondent, reporter
):
    other = _removal(
        make_case(respondent=respondent, reporter=reporter), moderator, second_moderator
    )
    response = _api_appeal(client, removal, {"statement": "Please.", "token": _token(other)})
    assert response.status_code == 404


def test_api_appeal_with_token_a_second_time_is_400(client, removal):
    body = {"statement": "Please.", "token": _token(removal)}
    assert _api_appeal(client, removal, body).status_code == 201
    second = _api_appeal(client, removal, body)
    assert second.status_code == 400
    assert "already appealed" in second.json()["detail"]


def test_api_appeal_without_token_or_authentication_is_401(client, removal):
    assert _api_appeal(client, removal, {"statement": "Please."}).status_code == 401
    assert not Appeal.objects.exists()


def test_api_appeal_with_a_bearer_token_still_works(client, case, moderator, respondent):
    [warning] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "warning"}], reason="R.", clause_keys=[CLAUSE]
    )
    _, key = create_api_token(respondent, actor=respondent, name="t")
    response = _api_appeal(client, warning, {"statement": "Please."}, Authorization=f"Bearer {key}")
    assert response.status_code == 201
    assert AuditEntry.objects.get(verb="safety.appeal.filed").data["via"] == "account"


def test_api_appeal_by_session_without_csrf_is_403(case, moderator, respondent):
    [warning] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "warning"}], reason="R.", clause_keys=[CLAUSE]
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(respondent)
    assert _api_appeal(client, warning, {"statement": "Please."}).status_code == 403
    assert not Appeal.objects.exists()
