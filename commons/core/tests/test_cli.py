import pytest

from commons.cli import main
from commons.members.models import User


@pytest.mark.django_db(transaction=True)
def test_createowner_with_a_bad_email_prints_one_line_and_fails(capsys, monkeypatch):
    monkeypatch.setenv("COMMONS_OWNER_PASSWORD", "a-long-passphrase-1")
    assert main(["createowner", "not-an-email"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "not an email address" in err


@pytest.mark.django_db(transaction=True)
def test_createowner_creates_an_owner_and_the_first_code(capsys, monkeypatch):
    from commons.conduct.queries import current_version

    monkeypatch.setenv("COMMONS_OWNER_PASSWORD", "a-long-passphrase-1")
    assert main(["createowner", "boss@example.org"]) == 0
    assert User.objects.get(email="boss@example.org").role == "owner"
    assert current_version().number == 1


@pytest.mark.django_db(transaction=True)
def test_createowner_without_a_password_and_terminal_fails_clearly(capsys, monkeypatch):
    monkeypatch.delenv("COMMONS_OWNER_PASSWORD", raising=False)
    monkeypatch.setattr("os.isatty", lambda fd: False)
    assert main(["createowner", "boss@example.org"]) == 1
    assert "COMMONS_OWNER_PASSWORD" in capsys.readouterr().err


def test_unknown_command_fails(capsys):
    assert main(["no-such-command"]) != 0


def test_help_lists_the_operator_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("run", "migrate", "demo", "createowner", "check"):
        assert f"commons {command}" in out


@pytest.mark.django_db(transaction=True)
def test_demo_is_idempotent_and_prints_the_logins(capsys):
    assert main(["demo", "--members", "8", "--quiet"]) == 0
    first = User.objects.count()
    assert main(["demo", "--members", "8", "--quiet"]) == 0
    assert User.objects.count() == first == 8
    out = capsys.readouterr().out
    for email in (
        "owner@example.com",
        "moderator@example.com",
        "alex@example.com",
        "sam@example.com",
    ):
        assert email in out
    assert "demo-pass-2026" in out
    assert User.objects.get(email="moderator@example.com").role == "moderator"


def test_demo_refuses_to_run_without_debug(capsys, settings):
    settings.DEBUG = False
    settings.TESTING = False
    assert main(["demo", "--quiet"]) == 1
    assert "COMMONS_DEBUG" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_tick_runs_the_periodic_jobs(capsys):
    assert main(["tick"]) == 0
    out = capsys.readouterr().out
    for job in ("digests sent", "event reminders sent", "trending topics refreshed"):
        assert job in out


def test_screen_command_follows_the_json_lines_contract(capsys, monkeypatch):
    import io
    import json

    lines = '{"id": "a", "text": "Great discovery call today, we crushed quota"}\n{oops\n'
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    status = main(["screen"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["id"] == "a" and out[0]["decision"] == "allow" and out[0]["flags"] == []
    assert set(out[0]["scores"]) == {
        "harassment",
        "hate",
        "threat",
        "sexual",
        "doxing",
        "solicitation",
    }
    assert out[1]["line"] == 2 and "error" in out[1]
    assert status == 1
