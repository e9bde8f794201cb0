"""The start-up check of the screening backend setting."""

from django.core.checks import run_checks

from commons.screening import core, encoder


def _screening_errors():
    return [m for m in run_checks() if m.id == "conduct.E001"]


def test_default_and_installed_encoder_backends_pass(monkeypatch):
    monkeypatch.delenv(core.BACKEND_ENV, raising=False)
    assert _screening_errors() == []
    monkeypatch.setenv(core.BACKEND_ENV, "encoder")
    assert _screening_errors() == []


def test_misspelt_backend_is_an_error(monkeypatch):
    monkeypatch.setenv(core.BACKEND_ENV, "lineer")
    (error,) = _screening_errors()
    assert "'lineer'" in error.msg and "linear, encoder" in error.msg


def test_encoder_backend_without_its_package_is_an_error(monkeypatch):
    monkeypatch.setenv(core.BACKEND_ENV, "encoder")
    monkeypatch.setattr(encoder.importlib.util, "find_spec", lambda name: None)
    (error,) = _screening_errors()
    assert "requirements-encoder.lock" in error.msg
