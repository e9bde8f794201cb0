"""Fixtures and helpers shared by the report and intake tests (import the fixtures you use)."""

import io

import pytest
from PIL import Image

from commons.community import actions as community_actions
from commons.testing.factories import UserFactory


def png_bytes(size=(4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# The start of a Windows executable: what a ".png" that is really a program looks like.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def sam(code):
    """The member who is reported."""
    return UserFactory(display_name="Sam Okafor", email="sam@example.org")


@pytest.fixture
def post(sam):
    return community_actions.create_post(
        author=sam, kind="insight", title="Hello", body="You people are useless."
    )


@pytest.fixture
def second_moderator(code):
    return UserFactory(moderator=True, display_name="Mira Second", email="mira@example.org")
