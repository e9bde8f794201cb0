"""Re-screening recent content after the settings change: the task, its progress, the settings page,
and `commons screening rescreen`. It queues, once, and never unpublishes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commons.cli import main as commons_main
from commons.community import actions as community
from commons.community.models import ContentStatus, Message, Post
from commons.conduct.models import ReviewState, RunStatus, ScreenedItem, ScreeningRun
from commons.conduct.rescreen import create_run, run_rescreen, start_rescreen
from commons.conduct.screening import add_watched_word
from commons.core.models import AuditEntry
from commons.events import actions as events
from commons.members.actions import follow_member, update_profile
from commons.members.models import Profile
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

WORD = "pineapple"


@pytest.fixture
def sam(code):
    return UserFactory(display_name="Sam Okafor", email="sam@example.org")


@pytest.fixture
def written(sam, owner):
    """One of each kind of content mentioning the word, written while screening let it through."""
    lee = UserFactory(display_name="Lee Chen", email="lee@example.org")
    follow_member(sam, actor=lee)
    post = community.create_post(
        author=sam, kind="insight", title="Fruit", body=f"Our {WORD} launch went well."
    )
    community.create_comment(post, author=lee, body=f"Congrats on the {WORD} launch!")
    update_profile(sam.profile, actor=sam, headline=f"Head of {WORD} sales")
    start = datetime.now(UTC) + timedelta(days=3)
    events.create_event(
        actor=owner,
        title="Roundtable",
        description=f"All about the {WORD}.",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    community.send_message(sender=sam, recipient=lee, body=f"Did you try the {WORD}?")
    # Only Sam changed his profile in the days re-screened.
    Profile.objects.exclude(user=sam).update(updated_at=timezone.now() - timedelta(days=30))
    return post


@pytest.fixture
def watched(moderator):
    return add_watched_word(actor=moderator, category="harassment", phrase=WORD, action="hold")


def _start(actor, days=7, capture=None):
    with capture(execute=True):
        run = start_rescreen(actor=actor, days=days)
    run.refresh_from_db()
    return run


def test_rescreen_queues_every_kind_of_content_that_now_goes_over(
    written, watched, moderator, django_capture_on_commit_callbacks
):
    run = _start(moderator, capture=django_capture_on_commit_callbacks)
    kinds = sorted(ScreenedItem.objects.values_list("where", flat=True))
    assert kinds == ["comment", "event", "message", "post", "profile"]
    item = ScreenedItem.objects.get(where="post")
    assert item.review_state == ReviewState.PENDING and item.flags == ["harassment"]
    assert item.scores and item.decision == "hold" and not item.posted_anyway
    assert (run.status, run.queued) == (RunStatus.FINISHED, 5)


def test_rescreen_never_unpublishes(
    written, watched, moderator, django_capture_on_commit_callbacks
):
    _start(moderator, capture=django_capture_on_commit_callbacks)
    written.refresh_from_db()
    assert written.status == ContentStatus.PUBLISHED
    assert Message.objects.get().delivered


def test_rescreen_queues_each_text_once(
    written, watched, moderator, django_capture_on_commit_callbacks
):
    _start(moderator, capture=django_capture_on_commit_callbacks)
    ScreenedItem.objects.update(review_state=ReviewState.APPROVED)
    second = _start(moderator, capture=django_capture_on_commit_callbacks)
    assert second.queued == 0 and ScreenedItem.objects.count() == 5


def test_rescreen_leaves_content_older_than_the_days(
    written, watched, moderator, django_capture_on_commit_callbacks
):
    Post.objects.update(created_at=timezone.now() - timedelta(days=30))
    _start(moderator, capture=django_capture_on_commit_callbacks)
    assert not ScreenedItem.objects.filter(where="post").exists()


def test_rescreen_queues_nothing_that_the_settings_allow(
    written, moderator, django_capture_on_commit_callbacks
):
    run = _start(moderator, capture=django_capture_on_commit_callbacks)
    assert run.queued == 0 and not ScreenedItem.objects.exists()


def test_rescreen_reports_its_progress(
    written, watched, moderator, django_capture_on_commit_callbacks
):
    seen = []
    run = create_run(actor=moderator, days=7)
    run = run_rescreen(run.pk, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (run.total, run.total) and run.total >= 5
    assert [done for done, _ in seen] == list(range(1, run.total + 1))
    assert (run.done, run.percent) == (run.total, 100)


def test_rescreen_is_audited_at_start_and_finish(
    written, watched, moderator, django_capture_on_commit_callbacks
):
    run = _start(moderator, capture=django_capture_on_commit_callbacks)
    started = AuditEntry.objects.get(verb="conduct.screening.rescreen-started")
    finished = AuditEntry.objects.get(verb="conduct.screening.rescreen-finished")
    assert started.actor == moderator and started.data == {"days": 7}
    assert finished.data["queued"] == run.queued == 5
    assert AuditEntry.objects.filter(verb="conduct.screening.rescreened").count() == 5


def test_rescreen_is_for_owners_and_moderators_only(member):
    with pytest.raises(PermissionDenied):
        start_rescreen(actor=member, days=7)
    assert not ScreeningRun.objects.exists()


def test_rescreen_refuses_a_second_run_while_one_is_running(moderator):
    create_run(actor=moderator, days=7)
    with pytest.raises(ValidationError):
        create_run(actor=moderator, days=7)


@pytest.mark.parametrize("days", [0, 366, "many"])
def test_rescreen_refuses_bad_days(moderator, days):
    with pytest.raises(ValidationError):
        create_run(actor=moderator, days=days)


def test_run_rescreen_leaves_a_finished_run_alone(moderator):
    run = create_run(actor=moderator, days=7)
    run_rescreen(run.pk)
    again = run_rescreen(run.pk)
    assert again.status == RunStatus.FINISHED
    assert AuditEntry.objects.filter(verb="conduct.screening.rescreen-finished").count() == 1


# --- the settings page ------------------------------------------------------------------------


def test_settings_page_starts_a_rescreen_and_shows_its_progress(
    client, written, watched, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conduct:rescreen"), {"days": "7"})
    assert response.status_code == 302
    run = ScreeningRun.objects.get()
    assert run.status == RunStatus.FINISHED
    html = client.get(reverse("conduct:screening")).content.decode()
    assert "Re-screen recent content" in html and "5 put in the" in html
    assert f'value="{run.done}"' in html


def test_settings_page_says_why_a_rescreen_is_refused(client, moderator):
    client.force_login(moderator)
    html = client.post(reverse("conduct:rescreen"), {"days": "0"}).content.decode()
    assert "greater than or equal to 1" in html and not ScreeningRun.objects.exists()


def test_progress_fragment_polls_while_the_run_is_running(client, moderator):
    run = create_run(actor=moderator, days=7)
    client.force_login(moderator)
    url = reverse("conduct:rescreen-progress", args=[run.pk])
    assert 'hx-trigger="every 1s"' in client.get(url).content.decode()
    run_rescreen(run.pk)
    assert "hx-trigger" not in client.get(url).content.decode()


def test_progress_fragment_is_hidden_from_members(client, member, moderator):
    run = create_run(actor=moderator, days=7)
    client.force_login(member)
    url = reverse("conduct:rescreen-progress", args=[run.pk])
    assert client.get(url).status_code == 404
    assert client.post(reverse("conduct:rescreen"), {"days": "7"}).status_code == 404


# --- the command line -------------------------------------------------------------------------
# Django's command runner closes the connection when done: these tests commit for real.


@pytest.mark.django_db(transaction=True)
def test_cli_rescreen_queues_and_exits_zero(written, watched, capsys):
    assert commons_main(["screening", "rescreen", "--days", "7"]) == 0
    out, err = capsys.readouterr()
    assert "5 put in the moderation queue" in out
    assert "rescreen" in err  # the progress bar
    run = ScreeningRun.objects.get()
    assert (run.started_by, run.status, run.queued) == (None, RunStatus.FINISHED, 5)


@pytest.mark.django_db(transaction=True)
def test_cli_rescreen_exits_one_on_bad_days(capsys):
    assert commons_main(["screening", "rescreen", "--days", "0", "--no-progress"]) == 1
    assert "between 1 and 365" in capsys.readouterr().err
    assert not ScreeningRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_cli_rescreen_exits_one_while_another_run_is_going(moderator, capsys):
    create_run(actor=moderator, days=7)
    assert commons_main(["screening", "rescreen", "--no-progress"]) == 1
    assert "already running" in capsys.readouterr().err


def test_settings_page_runs_in_a_constant_number_of_queries(client, moderator):
    client.force_login(moderator)

    def make(n):
        for _ in range(n):
            run_rescreen(create_run(actor=moderator, days=1).pk)

    assert_constant_queries(make, lambda: client.get(reverse("conduct:screening")))


def test_rescreen_marks_an_abandoned_run_failed_and_starts_anew(moderator):
    old = create_run(actor=moderator, days=7)
    ScreeningRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=7))
    new = create_run(actor=moderator, days=7)
    old.refresh_from_db()
    assert (old.status, new.status) == (RunStatus.FAILED, RunStatus.PENDING)
    assert "Abandoned" in old.error
