import pytest

from commons.core.audit import verify_chain
from commons.safety.models import AppealStatus, Case, CaseStatus, Decision, ThreadMessage


@pytest.mark.django_db
def test_safety_demo_has_open_reports_a_conversation_a_warning_and_a_pending_appeal(settings):
    from commons.demo import load_demo
    from commons.demo_community import load_community_demo
    from commons.events.demo import load_events_demo
    from commons.safety.demo import load_safety_demo

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo(members=14, progress=False)
    load_community_demo(progress=False)
    load_events_demo(progress=False)
    assert load_safety_demo(progress=False)["created"] == 5
    assert load_safety_demo(progress=False)["created"] == 0

    statuses = sorted(Case.objects.values_list("status", flat=True))
    assert statuses.count(CaseStatus.NEW) == 2
    assert CaseStatus.IN_CONVERSATION in statuses
    conversation = Case.objects.get(status=CaseStatus.IN_CONVERSATION)
    written = ThreadMessage.objects.filter(party__case=conversation, from_moderators=True)
    assert written.values("party").distinct().count() == 2
    warnings = Decision.objects.filter(outcome="warning")
    assert warnings.count() == 2
    assert warnings.filter(appeal__status=AppealStatus.PENDING).get().respondent.email == (
        "sam@example.com"
    )
    assert Case.objects.filter(status=CaseStatus.APPEALED).count() == 1
    assert verify_chain().intact
