"""`manage.py seed_bench` fills a database for `make bench`; here on a small count."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from articles.demo import reference_article as ref
from articles.models import Article, Byline, Comment
from articles.text.normalization import normalize_arabic

pytestmark = pytest.mark.django_db


def _seed(**options):
    options = {"articles": 20, "comments": 50, "images": 2, **options}
    call_command("seed_bench", **options)


def test_seeds_articles_comments_and_the_reference_article():
    _seed()
    reference = Article.objects.get(headline=ref.HEADLINE)
    bench = Article.objects.exclude(pk=reference.pk)
    assert bench.count() == 20
    assert Comment.objects.count() == 50
    assert bench.filter(status=Article.Status.PUBLISHED).exists()
    assert not bench.published().filter(published_at__gt=timezone.now()).exists()
    assert reference.comments.count() == 0  # the reference keeps its own counters
    for article in bench:
        assert 1 <= article.bylines.count() <= 2
        assert normalize_arabic(article.headline) in article.search_text
        # About the reference article's size, Arabic throughout.
        assert len(article.body) > 0.8 * len("".join(ref.PARAGRAPHS))
        assert article.slug[-5:].isdigit()
    assert bench.exclude(lead_image=None).exists()
    assert (
        Byline.objects.filter(article__in=bench).values("author").distinct().count() > 1
    )


def test_stored_comment_counts_equal_visible_comments():
    _seed(articles=10, comments=200)
    visible = Q(comments__status=Comment.Status.APPROVED, comments__is_removed=False)
    for article in Article.objects.annotate(visible=Count("comments", filter=visible)):
        assert article.comment_count == article.visible
    assert Comment.objects.exclude(parent=None).exists()  # some replies
    # One text per article (the comments issue refuses a repeated text); the same
    # fingerprint as Comment.hash_body, which arrives with that issue.
    texts = Comment.objects.values_list("article_id", "body_hash")
    assert len(set(texts)) == len(texts)
    assert all(
        c.body_hash == Comment.hash_body(c.body)
        for c in Comment.objects.all()[:20]
        if hasattr(Comment, "hash_body")
    )
    for reply in Comment.objects.exclude(parent=None).select_related("parent"):
        assert reply.parent.article_id == reply.article_id
        assert reply.parent.is_visible


def test_same_seed_gives_the_same_headlines():
    _seed(articles=5, comments=0, images=0)
    first = list(Article.objects.exclude(headline=ref.HEADLINE).values_list("headline"))
    Article.objects.exclude(headline=ref.HEADLINE).delete()
    _seed(articles=5, comments=0, images=0)
    second = list(
        Article.objects.exclude(headline=ref.HEADLINE).values_list("headline")
    )
    assert first == second


def test_refuses_to_seed_twice_and_adds_nothing():
    _seed(articles=3, comments=5, images=0)
    with pytest.raises(CommandError, match="بيانات القياس موجودة"):
        _seed(articles=3, comments=5, images=0)
    assert Article.objects.count() == 4
    assert Comment.objects.count() == 5


def test_refuses_negative_counts_and_comments_without_articles():
    with pytest.raises(CommandError, match="صفراً أو أكثر"):
        _seed(articles=-1)
    with pytest.raises(CommandError, match="بلا مقالات"):
        _seed(articles=0, comments=5)
    assert not Article.objects.exists()
