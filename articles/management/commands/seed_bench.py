from django.core.management.base import BaseCommand, CommandError

from articles.demo.bench_newsroom import seed_bench_newsroom
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Fill an empty database with a large newsroom for the load benchmark "
        "(bulk inserts; the reference article included)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--comments", type=int, default=50_000)
        parser.add_argument("--images", type=int, default=6)
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, **options):
        if min(options["articles"], options["comments"], options["images"]) < 0:
            raise CommandError("الأعداد يجب أن تكون صفراً أو أكثر.")
        if options["comments"] and not options["articles"]:
            raise CommandError("لا يمكن إنشاء تعليقات بلا مقالات.")
        if Article.objects.filter(slug__regex=r"-[0-9]{5}$").exists():
            raise CommandError(
                "بيانات القياس موجودة في هذه القاعدة؛ استعمل قاعدة بيانات جديدة "
                "(make bench ينشئها بنفسه)."
            )
        counts = seed_bench_newsroom(
            article_count=options["articles"],
            comment_count=options["comments"],
            image_count=options["images"],
            seed=options["seed"],
        )
        self.stdout.write(
            f"seeded {counts.articles} articles ({counts.published} published) and "
            f"{counts.comments} comments ({counts.visible_comments} visible)"
        )
