from django.core.management.base import BaseCommand

from articles.demo.loader import load_reference_article


class Command(BaseCommand):
    help = "Load the demo newsroom, the reference article first (idempotent)."

    def handle(self, *args, **options):
        article, created = load_reference_article()
        state = "created" if created else "already present"
        self.stdout.write(f"reference article {state}: {article.get_absolute_url()}")
