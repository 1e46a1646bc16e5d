from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import ensure_demo_users


class Command(BaseCommand):
    help = "Create one demo login per role; passwords live in var/demo-logins.json."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(Path(settings.BASE_DIR) / "var" / "demo-logins.json")
        )

    def handle(self, *args, file, **options):
        for username, role, password in ensure_demo_users(Path(file)):
            self.stdout.write(f"  {role:<10} {username:<10} {password}")
