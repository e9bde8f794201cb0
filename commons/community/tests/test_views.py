from django.urls import reverse

from commons.community import actions
from commons.community.models import Mention, MentionStatus, Post
from commons.members.actions import update_preferences
from commons.testing.factories import UserFactory


def test_pages_render_for_members(client, sam, topic):
    post = actions.create_post(
        author=sam,
        kind="question",
        title="Discovery openers?",
        body="What works?",
        topics=["discovery"],
    )
    actions.create_comment(post, author=sam, body="bump")
    client.force_login(sam)
    for url in (
        reverse("community:feed"),
        reverse("community:feed") + "?order=latest",
        reverse("community:topic", args=["discovery"]),
        reverse("community:compose"),
        reverse("community:post", args=[post.pk]),
        reverse("community:topics"),
        reverse("community:search") + "?q=discovery",
        reverse("community:tag-requests"),
        reverse("community:conversations"),
        reverse("community:invitations"),
        reverse("community:notifications"),
        reverse("community:report") + f"?type=post&id={post.pk}",
        reverse("members:settings-preferences"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url


def test_guests_can_read_posts_but_not_write(client, sam):
    post = actions.create_post(
        author=sam, kind="insight", title="Open", body="Reading is always easy."
    )
    assert client.get(reverse("community:post", args=[post.pk])).status_code == 200
    assert client.get(reverse("community:feed")).status_code == 200
    response = client.get(reverse("community:compose"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_composer_explains_the_five_kinds_and_the_soliciting_rule(member_client):
    response = member_client.get(reverse("community:compose"))
    for text in (
        b"Insight",
        b"Question",
        b"Resource",
        b"Pitch practice",
        b"Recommendation request",
        b"not sales pitches",
    ):
        assert text in response.content


def test_compose_publishes_a_post(member_client, member, topic):
    response = member_client.post(
        reverse("community:compose"),
        {
            "kind": "question",
            "title": "Renewal timing?",
            "body": "When do you start?",
            "topics": ["discovery"],
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "community:post", args=[post.pk]
    )


def test_compose_shows_errors_for_bad_input(member_client):
    people = [UserFactory() for _ in range(6)]
    body = " ".join(f"@{p.profile.handle}" for p in people)
    response = member_client.post(
        reverse("community:compose"), {"kind": "insight", "title": "Hi", "body": body}
    )
    assert response.status_code == 200
    assert b"at most 5 people" in response.content
    assert not Post.objects.exists()


def test_member_who_has_not_accepted_a_new_version_is_sent_to_accept(client, owner, code, sam):
    from commons.conduct import actions as conduct_actions

    draft = conduct_actions.create_draft(actor=owner)
    conduct_actions.update_draft(draft, actor=owner, change_summary="v2")
    conduct_actions.publish_version(draft, actor=owner)
    client.force_login(sam)
    response = client.post(
        reverse("community:compose"), {"kind": "insight", "title": "Hi", "body": "there"}
    )
    assert response.status_code == 302 and reverse("conduct:accept") in response["Location"]
    assert not Post.objects.exists()
    assert client.get(reverse("community:feed")).status_code == 200


def test_tag_request_flow_through_the_pages(client, sam, alex):
    post = actions.create_post(
        author=sam, kind="question", title="Q", body="@alex-rivera what do you think?"
    )
    mention = Mention.objects.get(post=post)
    client.force_login(alex)
    assert b"would like to tag you" in client.get(reverse("community:tag-requests")).content
    client.post(reverse("community:tag-decide", args=[mention.pk, "approve"]))
    page = client.get(reverse("community:post", args=[post.pk]))
    assert b'href="/members/@alex-rivera/"' in page.content
    client.post(reverse("community:tag-decide", args=[mention.pk, "remove"]))
    mention.refresh_from_db()
    assert mention.status == MentionStatus.REMOVED


def test_someone_elses_tag_cannot_be_decided(client, sam, alex):
    post = actions.create_post(author=sam, kind="question", title="Q", body="@alex-rivera?")
    mention = Mention.objects.get(post=post)
    client.force_login(sam)
    assert (
        client.post(reverse("community:tag-decide", args=[mention.pk, "approve"])).status_code
        == 404
    )


def test_conversation_is_private(client, sam, alex):
    update_preferences(alex, actor=alex, who_may_message="anyone")
    actions.send_message(sender=sam, recipient=alex, body="just between us")
    third = UserFactory()
    client.force_login(third)
    page = client.get(reverse("community:conversation", args=[alex.profile.handle]))
    assert b"just between us" not in page.content
    client.force_login(alex)
    assert (
        b"just between us"
        in client.get(reverse("community:conversation", args=[sam.profile.handle])).content
    )


def test_report_a_post_as_unsolicited_pitch(member_client, sam):
    from commons.safety.models import Report

    post = actions.create_post(
        author=sam,
        kind="insight",
        title="Buy now",
        body="Book a demo of my tool!",
        post_anyway=True,  # screening nudges the pitch; Sam posts it anyway and is reported
    )
    response = member_client.post(
        reverse("community:report"),
        {"subject_type": "post", "subject_id": post.pk, "reason": "unsolicited_pitch"},
    )
    report = Report.objects.get()
    assert (
        report.reason == "unsolicited_pitch"
        and report.snapshot["body"] == "Book a demo of my tool!"
    )
    assert report.reference.encode() in response.content


def test_follow_and_block_from_a_profile(member_client, member, sam):
    from commons.members.queries import follows, is_blocked

    handle = sam.profile.handle
    member_client.post(reverse("members:relationship", args=[handle, "follow"]))
    assert follows(member.pk, sam.pk)
    member_client.post(reverse("members:relationship", args=[handle, "block"]))
    assert is_blocked(member.pk, sam.pk) and not follows(member.pk, sam.pk)


def test_post_page_thread_escapes_names_and_shows_reaction_state(client, sam, member):
    from commons.members.actions import update_profile

    update_profile(member.profile, actor=member, display_name="<script>alert(1)</script> Alex")
    post = actions.create_post(author=sam, kind="question", title="Q", body="?")
    top = actions.create_comment(post, author=member, body="first")
    actions.create_comment(post, author=sam, body="nested", parent=top)
    actions.react(post, actor=sam, kind="helpful", comment=top)
    client.force_login(sam)
    page = client.get(reverse("community:post", args=[post.pk])).content.decode()
    assert "<script>alert(1)</script> Alex" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Alex" in page
    assert '<div class="reply"><article id="comment-' in page
    assert 'aria-pressed="true">Helpful</button>' in page
    assert "Accept as answer" in page


def test_tag_requests_in_deleted_posts_are_not_listed_or_counted(client, sam, alex):
    kept = actions.create_post(
        author=sam, kind="question", title="Still here", body="@alex-rivera?"
    )
    gone = actions.create_post(author=sam, kind="question", title="Gone now", body="@alex-rivera?")
    actions.delete_post(gone, actor=sam)
    client.force_login(alex)
    page = client.get(reverse("community:tag-requests"))
    assert kept.title.encode() in page.content and gone.title.encode() not in page.content
    assert page.context["pending_tags"] == 1
