from django.contrib.auth.models import AnonymousUser

from commons.core.permissions import ROLE_PERMISSIONS, Permission, has_permission, role_of


def test_guests_may_only_read_public_things():
    assert ROLE_PERMISSIONS["guest"] == frozenset({Permission.READ_PUBLIC})
    assert role_of(AnonymousUser()) == "guest"


def test_every_role_has_what_the_role_below_has():
    assert (
        ROLE_PERMISSIONS["guest"]
        <= ROLE_PERMISSIONS["member"]
        <= ROLE_PERMISSIONS["moderator"]
        <= ROLE_PERMISSIONS["owner"]
    )


def test_only_owners_publish_the_code_and_appoint(member, moderator, owner):
    for permission in (
        Permission.PUBLISH_CONDUCT,
        Permission.APPOINT_MODERATORS,
        Permission.VIEW_DASHBOARD,
    ):
        assert has_permission(owner, permission)
        assert not has_permission(moderator, permission)
        assert not has_permission(member, permission)


def test_an_inactive_account_is_a_guest(member):
    member.is_active = False
    assert role_of(member) == "guest"
