"""``commons intake-email``: file reports (and thread replies) that arrive by email."""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

# Exit codes: 0 every message filed, 1 a message refused (one line why), 2 usage.
FILED, REFUSED, USAGE = 0, 1, 2


class Command(BaseCommand):
    help = (
        "Read one RFC 5322 message from stdin, or every new message of a Maildir (--maildir), and "
        "file each as a report (or as a reply to a case thread when addressed to "
        "<local>+<token>@<domain>). Processed Maildir messages move to cur/ (flagged when refused), "
        "so a rerun files nothing twice. Exit 0 filed, 1 refused, 2 usage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--maildir", help="A Maildir folder (with new/, cur/ and tmp/).")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar over a Maildir."
        )

    def _fail(self, code: int, line: str) -> None:
        self.stderr.write(f"commons intake-email: {line}")
        sys.exit(code)

    def handle(self, *args, **options):
        from commons.safety.intake import Refused, max_message_bytes, process_message

        if options["maildir"]:
            return self._maildir(Path(options["maildir"]), options["no_progress"])
        stdin = sys.stdin
        if stdin is None or stdin.isatty():
            self._fail(USAGE, "give a message on stdin, or --maildir PATH")
        source = getattr(stdin, "buffer", None)
        raw = source.read(max_message_bytes() + 1) if source else stdin.read().encode()
        try:
            outcome = process_message(raw)
        except Refused as refusal:
            self._fail(REFUSED, f"refused: {refusal}")
        self.stdout.write(outcome.line())
        sys.exit(FILED)

    def _maildir(self, root: Path, no_progress: bool):
        from tqdm import tqdm

        from commons.safety.intake import Refused, max_message_bytes, process_message

        new, cur = root / "new", root / "cur"
        if not (new.is_dir() and cur.is_dir() and (root / "tmp").is_dir()):
            self._fail(USAGE, f"{root} is not a Maildir (it needs new/, cur/ and tmp/)")
        names = sorted(n for n in os.listdir(new) if not n.startswith("."))
        refused = 0
        for name in tqdm(names, desc="messages", unit="msg", disable=no_progress, file=sys.stderr):
            path = new / name
            try:
                if path.stat().st_size > max_message_bytes():
                    raise Refused(
                        f"message too large: {path.stat().st_size // 1024} KB, the limit is "
                        f"{max_message_bytes() // 1024} KB"
                    )
                outcome = process_message(path.read_bytes())
            except Refused as refusal:
                refused += 1
                self.stderr.write(f"commons intake-email: {name}: refused: {refusal}")
                flags = "FS"  # flagged for an operator, seen: never read again
            except Exception as error:  # a fault of ours, not the message's: left in new/ to retry
                refused += 1
                self.stderr.write(
                    f"commons intake-email: {name}: not filed, kept for a rerun: {error}"
                )
                continue
            else:
                self.stdout.write(f"{name}: {outcome.line()}")
                flags = "S"
            base = name.split(":2,")[0]
            os.replace(path, cur / f"{base}:2,{flags}")
        self.stdout.write(f"{len(names) - refused} filed, {refused} refused")
        sys.exit(REFUSED if refused else FILED)
