from django.core.management.base import BaseCommand

from articles.services.engagement import roll_up_counts


class Command(BaseCommand):
    help = (
        "أضف المشاهدات والمشاركات الجديدة من صفوف العدّ إلى عدّادات المقالات (لـ cron)."
    )

    def handle(self, *args, **options):
        rows = roll_up_counts()
        self.stdout.write(f"rolled up {rows} counter rows")
