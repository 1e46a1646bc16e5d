"""Reader text is laid out by what most of it is written in, not by its first letter."""

import pytest

from articles.text.direction import text_direction
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("iPhone 15 وصل أخيراً إلى الأسواق العربية.", "rtl"),  # dir="auto" said ltr
        ("Great report, thanks! شكراً", "ltr"),
        ("شكراً جزيلاً", "rtl"),
        ("Thank you", "ltr"),
        ("", "rtl"),
        ("123 456 !!!", "rtl"),  # no letters: the page's own direction
        ("ok نعم", "rtl"),  # a tie: the page's own direction
        ("Привет мир", "ltr"),
        ("ﻣﺮﺣﺒﺎ", "rtl"),  # Arabic presentation forms
    ],
)
def test_direction_follows_most_of_the_letters(text, expected):
    assert text_direction(text) == expected


def test_an_arabic_comment_opening_in_english_stays_right_to_left(client):
    article = make_article()
    make_comment(
        article=article, status="approved", body="iPhone 15 وصل أخيراً إلى الأسواق"
    )
    make_comment(article=article, status="approved", body="Great report, thanks")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="comment-body" dir="rtl">iPhone 15 وصل' in html
    assert '<p class="comment-body" dir="ltr">Great report, thanks' in html
    assert 'class="comment-body" dir="auto"' not in html
