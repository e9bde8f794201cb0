"""The `commons` command for operators: a thin layer over Django's management commands.

commons run [--host H] [--port P]   serve (runserver with COMMONS_DEBUG=1, gunicorn otherwise)
commons migrate                     apply database migrations
commons demo                        load the demo community (idempotent)
commons createowner EMAIL           create an owner account (asks for a password)
commons check                       check the configuration (deploy checks when debug is off)
commons tick                        run the periodic jobs once (digests, reminders, ...); for cron
commons audit verify                check that no audit entry was edited or deleted (exit 1 if so)
commons screen                      screen JSON Lines from stdin (see docs/screening-model-card.md)
commons screening train|train-encoder|eval|bench
                                    train, evaluate or time the screening models
commons intake-email [--maildir P]  file reports that arrive by email (stdin or a Maildir)
commons screening rescreen --days N re-screen recent content into the moderation queue
commons <any manage.py command>     passed through to Django
"""

import os
import sys


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commons.settings")
    import django

    django.setup()


def _run(argv: list[str]) -> int:
    import argparse

    from django.conf import settings
    from django.core.management import call_command

    parser = argparse.ArgumentParser(prog="commons run")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--workers", default="2")
    args = parser.parse_args(argv)
    if settings.DEBUG:
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
        return 0
    call_command("collectstatic", interactive=False, verbosity=0)
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "commons.wsgi:application",
            "--bind",
            f"{args.host}:{args.port}",
            "--workers",
            args.workers,
        ],
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        return 0
    command, rest = argv[0], argv[1:]
    if command == "screening" and rest[:1] == ["rescreen"]:
        # Needs the database, so a Django command; the rest of `screening` stays Django-free.
        command, rest = "screening_rescreen", rest[1:]
    if command in {"screen", "screening"}:
        # The screener is a pure package: no Django, so it starts fast for pipelines.
        from commons.screening.cli import main as screening_main
        from commons.screening.cli import screen_jsonl
        from commons.screening.core import BackendSettingError
        from commons.screening.encoder import EncoderUnavailable

        try:
            return (
                screen_jsonl(sys.stdin, sys.stdout) if command == "screen" else screening_main(rest)
            )
        except (FileNotFoundError, EncoderUnavailable, BackendSettingError) as error:
            # no model files, or COMMONS_SCREENING_BACKEND misspelt or not installed
            print(f"commons {command}: {error}", file=sys.stderr)
            return 1
    try:
        _setup()
        from django.core.management import CommandError, execute_from_command_line

        try:
            if command == "run":
                return _run(rest)
            if command == "check":
                from django.conf import settings

                deploy = [] if settings.DEBUG else ["--deploy"]
                execute_from_command_line(["commons", "check", *deploy, *rest])
                return 0
            # `commons intake-email` runs the `intake_email` management command
            execute_from_command_line(["commons", command.replace("-", "_"), *rest])
            return 0
        except CommandError as error:
            print(f"commons {command}: {error}", file=sys.stderr)
            return 1
        except SystemExit as exit_:
            return int(exit_.code or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # one clear line for operators; details with COMMONS_TRACEBACK=1
        if os.environ.get("COMMONS_TRACEBACK"):
            raise
        print(f"commons {command}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
