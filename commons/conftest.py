import pytest

from commons.testing.browser import browser, browser_context, page, pytest_runtest_makereport  # noqa: F401
from commons.testing.factories import PASSWORD, UserFactory, publish_code


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def owner(db):
    return UserFactory(owner=True, display_name="Olivia Owner", email="owner@example.org")


@pytest.fixture
def code(owner):
    """Version 1 of the shipped Code of Conduct, published by `owner`."""
    return publish_code(owner)


@pytest.fixture
def member(code):
    """A member who accepted the current Code of Conduct."""
    return UserFactory(display_name="Alex Rivera", email="alex@example.org")


@pytest.fixture
def moderator(code):
    return UserFactory(
        moderator=True, display_name="Morgan Moderator", email="moderator@example.org"
    )


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def owner_client(client, owner, code):
    client.force_login(owner)
    return client


@pytest.fixture
def api_token(member):
    from commons.members.actions import create_api_token

    _, key = create_api_token(member, actor=member, name="tests")
    return key


@pytest.fixture
def api(client, api_token):
    """A test client that sends the member's Bearer token and JSON."""

    class Api:
        def __init__(self, token):
            self.headers = {"Authorization": f"Bearer {token}"}

        def _call(self, method, path, data=None, token=None):
            headers = self.headers if token is None else {"Authorization": f"Bearer {token}"}
            if token == "":
                headers = {}
            kwargs = {"headers": headers}
            if data is not None:
                kwargs.update(data=data, content_type="application/json")
            return getattr(client, method)(f"/api/v1{path}", **kwargs)

        def get(self, path, **kw):
            return self._call("get", path, **kw)

        def post(self, path, data=None, **kw):
            return self._call("post", path, data if data is not None else {}, **kw)

        def put(self, path, data=None, **kw):
            return self._call("put", path, data if data is not None else {}, **kw)

        def patch(self, path, data=None, **kw):
            return self._call("patch", path, data if data is not None else {}, **kw)

        def delete(self, path, **kw):
            return self._call("delete", path, **kw)

    return Api(api_token)
