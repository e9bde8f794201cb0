from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the periodic jobs once: daily notification digests (and, as they arrive, event reminders "
        "and sanction expiry). Idempotent. Schedule it every few minutes from cron when no Celery beat runs."
    )

    def handle(self, **options):
        from commons.notifications.tasks import send_daily_digests

        digests = send_daily_digests()
        self.stdout.write(f"digests sent: {digests}")
