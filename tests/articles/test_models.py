from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleImage, ArticleSlug
from tests.factories import make_article, make_image, make_section

pytestmark = pytest.mark.django_db


def test_search_text_is_normalised_from_headline_deck_and_plain_body():
    article = make_article(
        headline="إعلان تحرير الرقة", deck="مقدّمة", body="<p>نصٌّ <b>هنا</b></p>"
    )
    assert article.search_text == "اعلان تحرير الرقه مقدمه نص هنا"


def test_changing_the_slug_keeps_the_old_one_redirecting(client):
    article = make_article(slug="old-slug")
    article.slug = "new-slug"
    article.save()
    assert list(ArticleSlug.objects.values_list("slug", flat=True)) == ["old-slug"]
    response = client.get("/news/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == "/news/new-slug/"


def test_giving_a_slug_back_removes_it_from_the_old_slugs():
    article = make_article(slug="first")
    article.slug = "second"
    article.save()
    article.slug = "first"
    article.save()
    assert list(ArticleSlug.objects.values_list("slug", flat=True)) == ["second"]


def test_renditions_are_made_in_each_format_at_the_declared_size():
    from PIL import Image as PILImage

    image = make_image()
    for name in ("card_avif", "medium_webp", "large_jpeg", "og_jpeg"):
        rendition = getattr(image, name)
        rendition.generate()
        with PILImage.open(rendition.path) as opened:
            assert opened.format == name.split("_")[1].upper()
    assert (image.og_jpeg.width, image.og_jpeg.height) == (1200, 630)


def test_top_per_section_is_each_sections_newest_few_in_section_order():
    now = timezone.now()
    second, first = make_section(position=2), make_section(position=1)
    newest = {}
    for section in (first, second):
        articles = [
            make_article(section=section, published_at=now - timedelta(hours=h))
            for h in range(1, 7)
        ]
        newest[section.pk] = articles[:3]  # the smallest ages are the newest
    make_article(section=first, status=Article.Status.DRAFT)
    make_article(
        section=first,
        published_at=now + timedelta(hours=1),
        status=Article.Status.SCHEDULED,
    )  # not live yet
    top = list(Article.objects.published().top_per_section(3))
    assert top == newest[first.pk] + newest[second.pk]


def test_using_image_finds_lead_and_body_pictures_once():
    picture, other = make_image(), make_image()
    lead = make_article(lead_image=picture)
    body = make_article()
    ArticleImage.objects.create(article=body, image=picture)
    ArticleImage.objects.create(article=lead, image=picture)  # both: listed once
    make_article(lead_image=other)
    assert set(Article.objects.using_image(picture)) == {lead, body}
    assert Article.objects.using_image(picture).count() == 2


def test_modified_at_is_never_before_publication():
    now = timezone.now()
    returned = make_article(
        published_at=now, content_updated_at=now - timedelta(days=30)
    )
    edited = make_article(
        published_at=now - timedelta(days=2), content_updated_at=now - timedelta(days=1)
    )
    assert returned.modified_at == now
    assert edited.modified_at == now - timedelta(days=1)
    assert make_article(content_updated_at=None).modified_at is not None


def test_a_drafts_working_slugs_never_become_public_redirects(client):
    draft = make_article(slug="early-headline", status=Article.Status.DRAFT)
    draft.slug = "final-headline"
    draft.save()
    assert not ArticleSlug.objects.exists()
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    assert client.get("/news/early-headline/").status_code == 404


def test_another_article_taking_an_old_slug_keeps_its_redirect():
    live = make_article(slug="first-name")
    live.slug = "second-name"
    live.save()
    make_article(slug="first-name", status=Article.Status.DRAFT)  # outside the admin
    assert ArticleSlug.objects.get(slug="first-name").article == live
