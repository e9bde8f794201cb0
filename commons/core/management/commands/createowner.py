import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create an owner account with a verified email. Asks for the password, or reads COMMONS_OWNER_PASSWORD."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--name", default="", help="Display name (defaults to the part before @)."
        )

    def handle(self, email, name, **options):
        from commons.conduct.actions import create_owner

        password = os.environ.get("COMMONS_OWNER_PASSWORD")
        if not password:
            if not os.isatty(0):
                raise CommandError("no password: set COMMONS_OWNER_PASSWORD or run in a terminal")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the passwords do not match")
        try:
            user = create_owner(email=email, password=password, display_name=name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Owner {user.email} created.")
