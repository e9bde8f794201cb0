from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo community (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=50)
        parser.add_argument("--quiet", action="store_true")
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load demo accounts even with COMMONS_DEBUG off.",
        )

    def handle(self, members, quiet, allow_without_debug, **options):
        from django.conf import settings
        from django.core.management.base import CommandError

        from commons.demo import DEMO_PASSWORD, NAMED, load_demo

        if not (settings.DEBUG or settings.TESTING or allow_without_debug):
            raise CommandError(
                "the demo has well-known passwords; it runs only with COMMONS_DEBUG=1"
            )

        from django.test.utils import override_settings

        from commons.demo_community import load_community_demo
        from commons.events.demo import load_events_demo
        from commons.safety.demo import load_safety_demo

        # The demo's notifications stay in the app: no emails to made-up addresses.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            result = load_demo(members=members, progress=not quiet)
            posts = load_community_demo(progress=not quiet)
            events = load_events_demo(progress=not quiet)
            safety = load_safety_demo(progress=not quiet)
        self.stdout.write(f"Discussions: {posts['posts']} posts ({posts['created']} new).")
        self.stdout.write(f"Events: {events['events']} events ({events['created']} new).")
        self.stdout.write(f"Safety: {safety['created']} new demo cases.")
        self.stdout.write(
            f"Demo community ready: {result['members']} members ({result['created']} new)."
        )
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        for email, name, role, *_ in NAMED:
            self.stdout.write(f"  {email:<24} {role:<10} {name}")
