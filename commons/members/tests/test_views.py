from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from commons.conduct.models import Acceptance
from commons.members.models import Profile, User
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory


def _join(client, code, **overrides):
    data = {
        "display_name": "Nia Brooks",
        "email": "nia@example.org",
        "password1": "a-long-passphrase-1",
        "password2": "a-long-passphrase-1",
        "accept_conduct": "on",
        "conduct_version": code.number,
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_join_creates_account_profile_acceptance_and_sends_verification(client, code):
    response = _join(client, code)
    assert response.status_code == 302
    user = User.objects.get(email="nia@example.org")
    assert user.profile.display_name == "Nia Brooks"
    assert Acceptance.objects.filter(user=user, version=code).exists()
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1 and "nia@example.org" in mail.outbox[0].to


def test_join_without_accepting_the_code_is_refused(client, code):
    response = _join(client, code, accept_conduct="")
    assert response.status_code == 200
    assert b"Joining means accepting the Code of Conduct" in response.content
    assert not User.objects.filter(email="nia@example.org").exists()


def test_join_with_a_stale_version_is_refused(client, code, owner):
    from commons.conduct import actions

    draft = actions.create_draft(actor=owner)
    actions.update_draft(draft, actor=owner, change_summary="v2")
    actions.publish_version(draft, actor=owner)
    response = _join(client, code)
    assert response.status_code == 200
    assert b"changed while you were reading" in response.content
    assert not User.objects.filter(email="nia@example.org").exists()


def test_join_with_an_existing_email_in_another_case_creates_no_second_account(
    client, member, code
):
    _join(client, code, email=member.email.upper())
    assert User.objects.filter(email__iexact=member.email).count() == 1
    assert Profile.objects.filter(display_name="Nia Brooks").count() == 0


def test_join_is_closed_before_a_code_is_published(client, db):
    response = client.get(reverse("account_signup"))
    assert b"not open yet" in response.content


def test_login_is_throttled_after_repeated_failures(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong-password"})
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_unverified_member_cannot_log_in(client, code):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]


def test_profile_edit_page_saves_and_shows_errors(member_client, member):
    url = reverse("members:settings-profile")
    ok = member_client.post(
        url,
        {
            "display_name": "Alex R.",
            "handle": member.profile.handle,
            "visibility": "public",
            "links": "",
        },
    )
    assert ok.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.display_name == "Alex R."
    bad = member_client.post(
        url,
        {
            "display_name": "Alex R.",
            "handle": member.profile.handle,
            "visibility": "public",
            "links": "not a url",
        },
    )
    assert bad.status_code == 200
    assert b"Not a web address" in bad.content


def test_profile_edit_refuses_a_non_image_avatar(member_client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("a.png", b"not an image at all", content_type="image/png")
    response = member_client.post(
        reverse("members:settings-profile"),
        {
            "display_name": "Alex",
            "handle": member.profile.handle,
            "visibility": "members",
            "avatar": fake,
        },
    )
    assert response.status_code == 200
    assert b"Upload a valid image" in response.content or b"not an image" in response.content
    member.profile.refresh_from_db()
    assert not member.profile.avatar


def test_members_only_profile_is_404_for_guests(client, member):
    assert client.get(reverse("members:profile", args=[member.profile.handle])).status_code == 404


def test_directory_finds_a_member_by_name(member_client, member):
    response = member_client.get(reverse("members:directory"), {"q": "Alex"})
    assert member.profile.display_name.encode() in response.content


def test_directory_query_count_does_not_grow_with_members(member_client, member):
    def make(n):
        for _ in range(n):
            UserFactory()

    assert_constant_queries(make, lambda: member_client.get(reverse("members:directory")))


def test_self_identification_page_saves_the_answer(member_client, member):
    from commons.members.models import IdentityOption, SelfIdentification

    option = IdentityOption.objects.get(slug="visible-minority")
    response = member_client.post(reverse("members:settings-privacy"), {"options": [option.pk]})
    assert response.status_code == 302
    assert list(SelfIdentification.objects.get(user=member).options.all()) == [option]


def test_settings_tokens_page_shows_a_new_token_once(member_client, member):
    response = member_client.post(reverse("members:settings-tokens"), {"name": "CRM"})
    assert b"cmn_" in response.content
    again = member_client.get(reverse("members:settings-tokens"))
    token = member.api_tokens.get()
    assert f"cmn_{token.prefix}".encode() in again.content
    assert b"shown once" not in again.content


def test_settings_require_login(client, code):
    response = client.get(reverse("members:settings-profile"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_change_email_after_verifying_the_new_address_is_audited(member_client, member):
    import re

    from commons.core.models import AuditEntry

    response = member_client.post(
        reverse("account_email"), {"action_add": "", "email": "alex.new@example.org"}
    )
    assert response.status_code == 302
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[-1].body).group(0)
    member_client.post(link.replace("http://testserver", ""))
    member.refresh_from_db()
    assert member.email == "alex.new@example.org"
    entry = AuditEntry.objects.get(verb="members.email.changed")
    assert entry.data == {"from": "alex@example.org", "to": "alex.new@example.org"}


def test_change_email_to_one_in_use_in_another_case_is_refused(member_client, member):
    other = UserFactory(email="taken@example.org")
    member_client.post(reverse("account_email"), {"action_add": "", "email": "TAKEN@example.org"})
    # allauth does not reveal that the address is taken; it never becomes the member's verified address.
    assert not EmailAddress.objects.filter(
        user=member, email__iexact="taken@example.org", verified=True
    ).exists()
    member.refresh_from_db()
    assert member.email == "alex@example.org"
    assert other.email == "taken@example.org"


def test_password_reset_sends_a_link_that_sets_a_new_password(client, member):
    import re

    client.post(reverse("account_reset_password"), {"email": member.email.upper()})
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/[^\s]+)", mail.outbox[-1].body
    ).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    client.post(
        action, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )
    member.refresh_from_db()
    assert member.check_password("a-brand-new-passphrase")


def test_log_in_and_out(client, member):
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(member.pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_login_and_logout_pages_say_log_in_and_log_out_as_the_menu_does(client, member):
    login = client.get(reverse("account_login")).text

    assert "<h1>Log in</h1>" in login and ">Log in</button>" in login
    assert "Sign In" not in login
    assert f'href="{reverse("account_signup")}"' in login
    assert reverse("account_reset_password") in login  # the password field's "forgot" link
    client.force_login(member)
    logout = client.get(reverse("account_logout")).text
    assert "<h1>Log out</h1>" in logout and ">Log out</button>" in logout
    assert "Sign Out" not in logout


def test_login_page_shows_a_wrong_password_as_a_form_error(client, member):
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "not correct" in response.text
    assert "_auth_user_id" not in client.session
