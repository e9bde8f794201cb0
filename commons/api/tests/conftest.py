import pytest


@pytest.fixture
def owner_token(owner, code):
    """A Bearer token of the owner who published the Code of Conduct."""
    from commons.members.actions import create_api_token

    _, key = create_api_token(owner, actor=owner, name="owner tests")
    return key


@pytest.fixture
def token_for(db):
    """Make a Bearer token for any user: `token_for(user)`."""
    from commons.members.actions import create_api_token

    def make(user):
        _, key = create_api_token(user, actor=user, name="tests")
        return key

    return make


@pytest.fixture
def sam(code):
    """A second member who accepted the Code of Conduct."""
    from commons.testing.factories import UserFactory

    return UserFactory(display_name="Sam Lee", email="sam@example.org")


@pytest.fixture
def sam_token(sam, token_for):
    return token_for(sam)


@pytest.fixture
def topic(db):
    from commons.community.models import Topic

    return Topic.objects.create(slug="discovery", name="Discovery calls")
