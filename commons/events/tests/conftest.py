from datetime import UTC, datetime, timedelta

import pytest

from commons.community.models import Topic
from commons.events import actions
from commons.members.actions import set_host
from commons.testing.factories import UserFactory

ACK = {"acknowledge_conduct": True}


@pytest.fixture
def now():
    """A fixed "now" for actions and jobs that take one."""
    return datetime(2030, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def host(code, owner):
    """A member an owner gave the host role."""
    user = UserFactory(display_name="Hana Host", email="hana@example.org")
    return set_host(user, actor=owner, is_host=True)


@pytest.fixture
def sam(code):
    return UserFactory(display_name="Sam Okafor", email="sam@example.org")


@pytest.fixture
def topic(db):
    return Topic.objects.create(slug="renewals", name="Renewals")


@pytest.fixture
def make_event(host):
    """Create an event through the action; starts a day from the real now unless told otherwise."""

    def make(**overrides):
        start = overrides.pop("starts_at", None) or (datetime.now(UTC) + timedelta(days=1)).replace(
            microsecond=0
        )
        fields = {
            "actor": host,
            "title": "Renewals roundtable",
            "description": "Bring **one** renewal.",
            "kind": "online",
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
            "timezone": "Europe/London",
            "meeting_link": "https://meet.example.com/renewals",
            "capacity": None,
        }
        fields.update(overrides)
        return actions.create_event(**fields)

    return make


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def people(code):
    return [UserFactory(display_name=f"Person {i}") for i in range(4)]
