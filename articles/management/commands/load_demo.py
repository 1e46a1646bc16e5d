from django.core.management.base import BaseCommand

from articles.demo.loader import load_demo_newsroom, load_reference_article


class Command(BaseCommand):
    help = "Load the demo newsroom, the reference article first (idempotent)."

    def handle(self, *args, **options):
        article, created = load_reference_article()
        state = "created" if created else "already present"
        self.stdout.write(f"reference article {state}: {article.get_absolute_url()}")
        count = load_demo_newsroom()
        self.stdout.write(f"demo articles created: {count}")
