import pytest


@pytest.fixture
def owner_token(owner, code):
    """A Bearer token of the owner who published the Code of Conduct."""
    from commons.members.actions import create_api_token

    _, key = create_api_token(owner, actor=owner, name="owner tests")
    return key
