"""Create the local admin account once, with a random password printed to the terminal.

Never a fixed default: a dashboard started with `make run` must not be open to a known password.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an admin account with a random password, unless one exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--reset", action="store_true", help="Give an existing account a new password."
        )

    def handle(self, *args, username: str, reset: bool, **options) -> None:
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is not None and not reset:
            self.stdout.write(
                f"Admin account '{username}' exists; its password was printed when it was made. "
                f"For a new one: python manage.py ensure_admin --reset"
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            user_model.objects.create_superuser(username=username, email="", password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        self.stdout.write(self.style.SUCCESS(f"Admin account: {username}  password: {password}"))
