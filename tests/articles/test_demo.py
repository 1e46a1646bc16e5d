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
