from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection


class Command(BaseCommand):
    help = "Exit non-zero with one clear line when the database does not answer."

    def handle(self, *args, **options):
        settings = connection.settings_dict
        where = settings.get("HOST") or settings.get("NAME")
        try:
            connection.ensure_connection()
        except DatabaseError as exc:
            reason = (
                str(exc).strip().splitlines()[0]
                if str(exc).strip()
                else type(exc).__name__
            )
            raise CommandError(
                f"database {connection.vendor} at {where} is unavailable: {reason}"
            ) from None
        self.stdout.write(f"database {connection.vendor} at {where} is up")
