import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from commons.members import actions, queries
from commons.members.models import IdentityOption, ProfessionalRole, Sector
from commons.testing.factories import UserFactory


def _with_profile(**fields):
    user = UserFactory(display_name=fields.pop("display_name", "Someone"))
    actions.update_profile(user.profile, actor=user, **fields)
    return user


def test_directory_searches_name_headline_and_company(member):
    hit = _with_profile(display_name="Priya Patel", company="Ledgerly")
    _with_profile(display_name="Marcus Johnson", company="Orbit HR")
    assert [p.user for p in queries.directory(member, q="ledgerly")] == [hit]
    assert [p.user for p in queries.directory(member, q="priya")] == [hit]


def test_directory_filters_by_professional_role_and_sector(member):
    cs = ProfessionalRole.objects.get(slug="customer-success")
    tech = Sector.objects.get(slug="tech")
    hit = _with_profile(job_role=cs, sector=tech)
    _with_profile(job_role=cs)
    assert [p.user for p in queries.directory(member, role="customer-success", sector="tech")] == [
        hit
    ]


def test_directory_filters_by_community_role(member, moderator):
    assert [p.user for p in queries.directory(member, role="moderator")] == [moderator]


def test_guests_see_only_public_profiles(member):
    from django.contrib.auth.models import AnonymousUser

    public = _with_profile(visibility="public")
    guest = AnonymousUser()
    assert [p.user for p in queries.directory(guest)] == [public]
    with pytest.raises(Http404):
        queries.access_profile(guest, member.profile.handle)


def test_inactive_members_are_not_listed(member):
    gone = _with_profile(display_name="Gone Person")
    gone.is_active = False
    gone.save()
    assert gone not in [p.user for p in queries.directory(member)]


def _identify(n, slug):
    option = IdentityOption.objects.get(slug=slug)
    for _ in range(n):
        user = UserFactory()
        actions.set_self_identification(
            user, actor=user, prefer_not_to_say=False, option_ids=[option.pk]
        )


def test_identity_aggregates_suppress_groups_under_five(owner, code):
    _identify(5, "woman")
    _identify(4, "lgbtqia2")
    groups = {g["label"]: g["count"] for g in queries.identity_aggregates(owner)["groups"]}
    assert groups["Woman"] == 5
    assert groups["LGBTQIA2+"] is None
    assert groups["Visible minority"] is None


def test_identity_aggregates_are_for_owners_only(member, moderator):
    for viewer in (member, moderator):
        with pytest.raises(PermissionDenied):
            queries.identity_aggregates(viewer)


def test_self_identification_is_never_in_profile_pages_or_directory(client, member, owner):
    woman = IdentityOption.objects.get(slug="woman")
    actions.set_self_identification(
        member, actor=member, prefer_not_to_say=False, option_ids=[woman.pk]
    )
    client.force_login(owner)
    for url in (
        f"/members/@{member.profile.handle}/",
        "/members/?q=Alex",
        f"/api/v1/members/{member.profile.handle}",
    ):
        assert b"Woman" not in client.get(url).content
