import pytest

from commons.community.models import Topic
from commons.testing.factories import UserFactory


@pytest.fixture
def topic(db):
    return Topic.objects.create(slug="discovery", name="Discovery calls")


@pytest.fixture
def sam(code):
    return UserFactory(display_name="Sam Okafor", email="sam@example.org")


@pytest.fixture
def alex(member):
    """The `member` fixture (Alex Rivera, handle alex-rivera), whose tagging choice is the default: ask first."""
    return member
