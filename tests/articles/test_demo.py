import re

import pytest
from django.core.management import call_command

from articles.demo import reference_article as ref
from articles.models import Article, Image

pytestmark = pytest.mark.django_db


def test_reference_paragraphs_match_the_seed_word_for_word(seed_text):
    body_line = next(line for line in seed_text.splitlines() if "واشنطن-" in line)
    seed_body = body_line.split("واشنطن- ", 1)[1]
    assert " ".join(ref.PARAGRAPHS).split() == seed_body.split()
    assert seed_text.splitlines()[0] == ref.HEADLINE
    assert body_line.startswith(ref.DECK + ref.SOURCE_NAME)
    assert ref.SUB_HEADING in body_line


def test_the_kept_seed_is_the_shared_one():
    from tests.conftest import SEED_FILE, SHARED_SEED_FILE

    if not SHARED_SEED_FILE.exists():
        pytest.skip("shared/ is not beside this clone; the kept copy is used alone")
    assert SEED_FILE.read_bytes() == SHARED_SEED_FILE.read_bytes()


def test_load_demo_creates_the_reference_article_once():
    call_command("load_demo")
    call_command("load_demo")
    article = Article.objects.get(headline=ref.HEADLINE)
    assert Article.objects.filter(headline=ref.HEADLINE).count() == 1
    assert article.is_live
    assert (article.view_count, article.comment_count, article.share_count) == (3, 0, 0)
    assert article.source.name == "العرب"
    assert article.original_published_on.isoformat() == "2017-11-15"
    assert article.dateline == "واشنطن"
    assert article.lead_image.alt_text
    assert article.lead_image.width == 1200
    text = re.sub(r"<[^>]+>", " ", article.body)
    assert text.split() == " ".join(ref.PARAGRAPHS).split()
    assert Image.objects.filter(file_hash=article.lead_image.file_hash).count() == 1


def test_load_demo_fills_every_page_and_creates_nothing_twice(client):
    from articles.demo.newsroom import ARTICLES, AUTHORS, SECTIONS, TAGS
    from articles.models import Author, Section, Tag

    call_command("load_demo")
    counts = [
        Article.objects.count(),
        Author.objects.count(),
        Section.objects.count(),
        Tag.objects.count(),
        Image.objects.count(),
    ]
    call_command("load_demo")
    assert counts == [
        Article.objects.count(),
        Author.objects.count(),
        Section.objects.count(),
        Tag.objects.count(),
        Image.objects.count(),
    ]
    assert counts[0] == len(ARTICLES) + 1
    assert counts[2] == len(SECTIONS) + 1
    assert counts[3] == len(TAGS)
    assert not Author.objects.filter(photo__isnull=True).exists()
    assert Author.objects.count() == len(AUTHORS)  # none invented for the reference
    assert not Article.objects.filter(lead_image__isnull=True).exists()
    assert Article.objects.filter(status=Article.Status.SCHEDULED).count() == 1
    assert Article.objects.filter(status=Article.Status.IN_REVIEW).count() == 1
    live = Article.objects.published()
    assert live.count() == len(ARTICLES) - 1  # 10 live demo pieces + the reference
    for section in Section.objects.all():
        response = client.get(section.get_absolute_url())
        assert response.status_code == 200
        assert response.context["articles"], section.slug
    for author in Author.objects.all():
        assert client.get(author.get_absolute_url()).context["articles"], author.slug
    for tag in Tag.objects.all():
        assert client.get(tag.get_absolute_url()).context["articles"], tag.slug


def test_load_demo_finds_renamed_articles_instead_of_copying_them():
    from articles.demo.newsroom import ARTICLES

    call_command("load_demo")
    reference = Article.objects.get(headline=ref.HEADLINE)
    reference.slug = "الرقة-جهاديون-أجانب"
    reference.save()
    demo = Article.objects.published().get(slug=ARTICLES[0]["slug"])
    demo.slug = "عنوان-جديد"
    demo.save()
    count = Article.objects.count()

    call_command("load_demo")

    assert Article.objects.count() == count
    assert Article.objects.filter(headline=ref.HEADLINE).count() == 1


def test_demo_content_is_listed_in_the_admin_for_editors(client):
    from tests.factories import make_editor

    call_command("load_demo")
    client.force_login(make_editor())
    response = client.get("/admin/articles/article/")
    page = response.content.decode()
    assert response.status_code == 200
    assert ref.HEADLINE in page
    assert response.context["cl"].result_count == Article.objects.count() == 13
    assert "إدارة بوابة الأخبار" in page
    assert client.get("/admin/articles/author/").status_code == 200
    assert client.get("/admin/articles/image/").status_code == 200
