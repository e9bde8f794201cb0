"""Demo safety work: open reports, a case in conversation, a decided case with a warning, and a
warning under appeal. Loaded by `commons demo` after the community and events demos; idempotent
(it does nothing once its first report exists). Everything goes through the safety actions, so the
audit log, case timelines, threads and notifications are as they would be in use."""

from django.utils import timezone
from tqdm import tqdm

MARKER = "Demo: this pitch arrived under my question about onboarding"


def _post_by(user):
    from commons.community.models import ContentStatus, Post

    return Post.objects.filter(author=user, status=ContentStatus.PUBLISHED).order_by("pk").first()


def _someone_with_a_post(exclude):
    from commons.community.models import ContentStatus, Post

    post = (
        Post.objects.filter(status=ContentStatus.PUBLISHED, author__role="member")
        .exclude(author__in=exclude)
        .order_by("pk")
        .first()
    )
    return post


def _subject(obj, kind: str, fallback_user):
    """The report subject for `obj`, or the member when a small demo has no such content."""
    if obj is None:
        return {"type": "member", "id": fallback_user.pk}
    return {"type": kind, "id": obj.pk}


def _members(exclude):
    from commons.members.models import User

    return User.objects.filter(role="member", is_active=True).exclude(
        pk__in=[u.pk for u in exclude]
    )


def load_safety_demo(progress: bool = True) -> dict:
    """Create the demo's reports and cases once. Returns counts."""
    from commons.community.models import Comment, ContentStatus
    from commons.events.models import Event
    from commons.members.models import User
    from commons.safety import actions
    from commons.safety.models import Party, PartyRole, Report

    if Report.objects.filter(description__startswith=MARKER).exists():
        return {"cases": 0, "created": 0}

    moderator = User.objects.get(email="moderator@example.com")
    alex = User.objects.get(email="alex@example.com")
    sam = User.objects.get(email="sam@example.com")
    named = [moderator, alex, sam, User.objects.get(email="owner@example.com")]
    steps = tqdm(total=5, desc="demo safety", unit="case", disable=not progress)

    def thread(case, user):
        return Party.objects.get(
            case=case, user=user, role__in=[PartyRole.REPORTER, PartyRole.RESPONDENT]
        )

    # 1. An open report about a pitch in a discussion (new, waiting for a moderator).
    pitched = _someone_with_a_post(named)
    pitcher = pitched.author if pitched else _members(named).order_by("pk").first()
    first = actions.file_report(
        reporter=alex,
        subject=_subject(pitched, "post", pitcher),
        clause_keys=["professional.no-soliciting"],
        description=f"{MARKER}: nobody asked for vendors.",
        desired_outcome="A reminder of the no-soliciting rule is enough.",
    )
    steps.update()

    # 2. An open report from someone without an account, about an evening at a past event.
    past = Event.objects.filter(starts_at__lt=timezone.now()).order_by("-starts_at").first()
    actions.file_report(
        reporter=None,
        contact_name="Jo (guest of a member)",
        contact_email="jo.visitor@example.org",
        source="public_form",
        subject={
            "incident": {
                "when": "After the main session, around 8 pm",
                "where": "By the coat check",
                "event_id": past.pk if past else None,
                "people": "A man in a grey blazer who said he ran a sales agency",
                "witnesses": "Another guest saw it",
            }
        },
        clause_keys=["professional.no-sexual-attention"],
        description="He kept commenting on my looks after I asked him to stop.",
        desired_outcome="I would like him not to be at the next meetup.",
    )
    steps.update()

    # 3. A case in conversation: the moderator writes to the reporter and the respondent apart.
    comment = (
        Comment.objects.filter(status=ContentStatus.PUBLISHED, author__role="member")
        .exclude(author__in=named + [pitcher])
        .order_by("pk")
        .first()
    )
    commenter = comment.author if comment else _members(named + [pitcher]).order_by("pk").first()
    report = actions.file_report(
        reporter=alex,
        subject=_subject(comment, "comment", commenter),
        clause_keys=["professional.no-harassment"],
        description="This reply mocks me for asking a beginner's question, and it is not the first.",
    )
    case = report.case
    actions.set_case_status(case, actor=moderator, status="acknowledged")
    actions.send_thread_message(
        thread(case, alex),
        actor=moderator,
        body="Thank you for telling us. Has this happened in other threads too? Links help.",
    )
    actions.send_thread_message(
        thread(case, commenter),
        actor=moderator,
        body="Someone found your reply to a beginner's question dismissive. Could we talk about it?",
    )
    steps.update()

    # 4. A decided case: a formal warning for an unsolicited pitch, acknowledged.
    warned_post = _someone_with_a_post(named + [pitcher, commenter])
    warned = (
        warned_post.author
        if warned_post
        else _members(named + [pitcher, commenter]).order_by("pk").first()
    )
    report = actions.file_report(
        reporter=sam,
        subject=_subject(warned_post, "post", warned),
        clause_keys=["professional.no-soliciting"],
        description="A pitch with a discount code, in a thread about territory planning.",
    )
    case = report.case
    actions.send_thread_message(
        thread(case, warned),
        actor=moderator,
        body="Your post offers a discount on your product; pitches belong in pitch practice.",
    )
    (warning,) = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "warning"}],
        reason="A pitch nobody asked for, with a discount code.",
        clause_keys=["professional.no-soliciting"],
    )
    actions.acknowledge_warning(warning, actor=warned)
    steps.update()

    # 5. A warning under appeal: Sam (a demo login) was warned, acknowledged it and appealed.
    sams_post = _post_by(sam)
    subject = (
        {"type": "post", "id": sams_post.pk} if sams_post else {"type": "member", "id": sam.pk}
    )
    report = actions.file_report(
        reporter=warned,
        subject=subject,
        clause_keys=["professional.no-soliciting"],
        description="Sam asked people to book a demo of their product in this post.",
    )
    case = report.case
    actions.send_thread_message(
        thread(case, sam),
        actor=moderator,
        body="Your post asks readers to book a demo. Was that meant for pitch practice?",
    )
    actions.send_thread_message(
        thread(case, sam),
        actor=sam,
        body="I meant it as practice and forgot to choose the pitch practice kind.",
    )
    (sams_warning,) = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "warning"}],
        reason="Asking readers to book a demo, outside pitch practice.",
        clause_keys=["professional.no-soliciting"],
    )
    actions.acknowledge_warning(sams_warning, actor=sam)
    actions.appeal_decision(
        sams_warning,
        actor=sam,
        statement="It was a practice pitch posted with the wrong kind; I have changed it since.",
    )
    steps.update()
    steps.close()
    return {"cases": 5, "created": 5, "open_case": first.case_id}
