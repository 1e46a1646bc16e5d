"""Print the id and exact view total of the bench's hot article (created once).

Run with `manage.py shell -c "exec(open('bench/hot_article.py').read())"`.
"""

from django.utils import timezone

from articles.models import Article, Section
from articles.services.engagement import roll_up_counts

section, _ = Section.objects.get_or_create(
    slug="bench", defaults={"name": "قسم القياس"}
)
article, _ = Article.objects.get_or_create(
    slug="bench-hot-story",
    defaults={
        "headline": "خبر ساخن لقياس العدّاد",
        "body": "<p>نص خبر القياس.</p>",
        "section": section,
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now(),
    },
)
roll_up_counts()
total = Article.objects.with_exact_counts().get(pk=article.pk).views_total
print(f"{article.pk} {total}")
