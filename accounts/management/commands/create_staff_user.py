import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import ROLE_PERMISSIONS
from accounts.services import create_staff_user


class Command(BaseCommand):
    help = "Create a staff user holding one role (Editor, Writer or Moderator)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_PERMISSIONS))
        parser.add_argument(
            "--password",
            help="Password to set; a random one is generated and printed when omitted.",
        )

    def handle(self, *args, username, email, role, password, **options):
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} already exists")
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        try:
            create_staff_user(
                username=username, email=email, password=password, role=role
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"created {username} with role {role}"))
        if generated:
            self.stdout.write(f"password: {password}")
