import pytest

from articles.models import ArticleSlug
from tests.factories import make_article, make_image

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
