import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Audit log tools. `audit verify` walks the hash chain from the first entry to the last: it "
        "exits 0 with one summary line when the chain is intact, and 1 with one line per problem "
        "(an entry edited, or one deleted) when it is not."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check that no audit entry was edited or deleted")
        verify.add_argument(
            "--anchor",
            metavar="HASH",
            help="a head hash noted earlier (printed by a previous verify); fail if no entry "
            "carries it any more, which is how a cut-off end of the log shows",
        )
        verify.add_argument(
            "--no-progress", action="store_true", help="no progress bar, even on a terminal"
        )

    def handle(self, *args, action, **options):
        from tqdm import tqdm

        from commons.core.audit import verify_chain
        from commons.core.models import AuditEntry

        total = AuditEntry.objects.count()
        # tqdm draws only on a terminal (disable=None), so pipes and cron mail get the lines alone
        disable = True if options["no_progress"] else None
        with tqdm(
            total=total, unit=" entries", desc="verifying", file=sys.stderr, disable=disable
        ) as bar:
            report = verify_chain(progress=bar.update)
        problems = [str(p) for p in report.problems]
        anchor = (options["anchor"] or "").strip().lower()
        if anchor and not AuditEntry.objects.filter(hash=anchor).exists():
            problems.append(f"no entry carries the anchor {anchor}: the log was cut off after it")
        if not problems:
            head = report.head or "-"
            self.stdout.write(f"audit chain intact: {report.entries} entries, head {head}")
            return
        for problem in problems:
            self.stdout.write(f"audit chain broken: {problem}")
        sys.exit(1)
