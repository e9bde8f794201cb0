from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the periodic jobs once: daily notification digests, event reminders (24 hours and 1 hour "
        "before), event attendance, the trending topics cache and the expiry of sanctions. Idempotent. Schedule it "
        "every few minutes from cron when no Celery beat runs."
    )

    def handle(self, **options):
        from commons.events.tasks import record_event_attendance, send_event_reminders
        from commons.notifications.tasks import send_daily_digests

        digests = send_daily_digests()
        self.stdout.write(f"digests sent: {digests}")
        reminders = send_event_reminders()
        self.stdout.write(f"event reminders sent: {reminders}")
        attendance = record_event_attendance()
        self.stdout.write(f"events with attendance recorded: {attendance}")
        from commons.community.tasks import refresh_trending_topics

        self.stdout.write(f"trending topics refreshed: {refresh_trending_topics()}")
        from commons.safety.tasks import expire_sanctions

        self.stdout.write(f"sanctions expired: {expire_sanctions()}")
