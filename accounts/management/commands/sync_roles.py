from django.core.management.base import BaseCommand

from accounts.roles import ROLE_LABELS
from accounts.services import name_permissions_in_arabic, sync_roles


class Command(BaseCommand):
    help = (
        "Create or update the editorial groups to match accounts/roles.py and name "
        "Django's default permissions in Arabic (idempotent)."
    )

    def handle(self, *args, **options):
        for role, count in sync_roles().items():
            self.stdout.write(f"{role} ({ROLE_LABELS[role]}): {count} permissions")
        renamed = name_permissions_in_arabic()
        self.stdout.write(f"permissions named in Arabic: {renamed}")
