"""`commons screening rescreen --days N`: re-screen recent content now, with a progress bar.

The same run as the settings page's "Re-screen" (``commons.conduct.rescreen``), started by the
operator (no member) and run in this process. Exit codes: 0 when it finished, 1 when it could not
start (bad --days, another run in progress) or failed.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from commons.conduct import rescreen


class Command(BaseCommand):
    help = "Re-screen the content of the last N days under the screening settings in force."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="How many days back (1-365).")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, days, no_progress, **options):
        try:
            run = rescreen.create_run(actor=None, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        bar = tqdm(
            total=0, desc="rescreen", unit="item", disable=no_progress, file=self.stderr._out
        )

        def progress(done, total):
            if bar.total != total:
                bar.total = total
                bar.refresh()
            bar.update(done - bar.n)

        try:
            run = rescreen.run_rescreen(run.pk, progress=progress)
        except Exception as error:
            raise CommandError(f"re-screening failed: {error}") from None
        finally:
            bar.close()
        self.stdout.write(
            f"Re-screened {run.done} of {run.total} items from the last {run.days} days; "
            f"{run.queued} put in the moderation queue."
        )
