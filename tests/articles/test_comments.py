"""Comment submission: every rule, every bad input, notifications and counts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import Article, Comment, ModerationWord
from articles.services import comments as services
from articles.services.comments import CommentRefused
from tests.factories import make_article, make_comment, make_moderator

pytestmark = pytest.mark.django_db


def submit(article, **values):
    values.setdefault("name", "ليلى")
    values.setdefault("body", "تعليق مفيد على الخبر")
    values.setdefault("elapsed_seconds", 30)
    values.setdefault("visitor_id", "v1")
    return services.submit_comment(article_id=article.pk, **values)


def refused(article, **values) -> CommentRefused:
    before = Comment.objects.count()
    with pytest.raises(CommentRefused) as info:
        submit(article, **values)
    assert Comment.objects.count() == before, "a refused comment must not be stored"
    return info.value


@pytest.fixture
def article():
    return make_article()


def test_a_good_comment_waits_for_review_and_moderators_are_emailed(
    article, django_capture_on_commit_callbacks
):
    moderator = make_moderator()
    with django_capture_on_commit_callbacks(execute=True):
        comment = submit(article, email="Reader@Example.com")
    assert comment.status == Comment.Status.PENDING
    assert comment.flag == Comment.Flag.NONE
    assert comment.email == "reader@example.com"
    assert not Comment.objects.visible().exists()
    article.refresh_from_db()
    assert article.comment_count == 0
    assert len(mail.outbox) == 1
    assert moderator.email in mail.outbox[0].bcc
    assert "بانتظار المراجعة" in mail.outbox[0].subject
    assert f"/admin/articles/comment/{comment.pk}/change/" in mail.outbox[0].body


def test_honeypot_is_refused(article):
    error = refused(article, honeypot="http://spam.example")
    assert error.status == 400 and "تعذّر" in error.messages[0]


def test_too_fast_and_missing_form_tokens_are_refused(article, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    assert "بسرعة" in refused(article, elapsed_seconds=0.5).messages[0]
    assert "أعد تحميل" in refused(article, elapsed_seconds=None).messages[0]
    assert services.read_form_token(token="forged:token") is None
    assert services.read_form_token(token="") is None
    assert services.read_form_token(token=services.issue_form_token()) < 1


def test_form_token_expires(settings):
    settings.COMMENTS_FORM_MAX_AGE_SECONDS = 60
    from tests.factories import comment_form_token

    assert services.read_form_token(token=comment_form_token(age_seconds=30)) >= 30
    assert services.read_form_token(token=comment_form_token(age_seconds=120)) is None


def test_length_limits(article):
    error = refused(article, name="ن" * 81)
    assert error.message_dict["name"] == ["الاسم أطول من 80 حرفًا."]
    error = refused(article, body="ت" * 5001)
    assert error.message_dict["body"] == ["التعليق أطول من 5000 حرف."]
    assert len(submit(article, name="ن" * 80, body="ت" * 5000).body) == 5000


def test_one_megabyte_body_is_refused_before_cleaning(article):
    error = refused(article, body="أ" * 1_000_000)
    assert "أطول" in error.message_dict["body"][0]


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   ",
        "\n\t \n",
        "\u200b\u200c\u200d\ufeff",
        "\u202e\u2066\u2069",
        "\u2800 \u2800",
    ],
)
def test_empty_whitespace_or_invisible_only_comments_are_refused(article, body):
    assert refused(article, body=body).message_dict["body"] == [
        "اكتب تعليقك؛ لا يُقبل تعليق فارغ."
    ]


def test_empty_name_and_bad_email_are_refused(article):
    error = refused(article, name=" \u200f ", email="not-an-email")
    assert error.message_dict["name"] == ["اكتب اسمك."]
    assert error.message_dict["email"] == ["عنوان البريد الإلكتروني غير صحيح."]
    assert "email" in refused(article, email="a" * 250 + "@x.com").message_dict


def test_bidi_overrides_and_zero_width_characters_are_removed(article):
    spoof = "\u202eexe.gpj\u202c"
    comment = submit(
        article,
        name=f"أحمد{spoof}\u200b",
        body="خبر\u2066 مهم\u2069 \u200e\u200fجدًا\u061c\ufeff\u2060",
    )
    assert comment.name == "أحمدexe.gpj"
    assert comment.body == "خبر مهم جدًا"
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200e":
        assert char not in comment.name + comment.body


def test_emoji_sequences_and_arabic_diacritics_survive(article):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    heart = "\u2764\ufe0f"
    body = f"بِسْمِ اللَّهِ {family} {heart} café"
    comment = submit(article, body=body)
    assert family in comment.body
    assert heart in comment.body
    assert "بِسْمِ اللَّهِ" in comment.body
    assert "café" in comment.body  # NFC: e + combining acute becomes é


def test_stacked_combining_marks_are_capped(article):
    zalgo = "a" + "\u0301\u0300\u0302\u0303\u0304\u0305\u0306\u0307" * 20
    comment = submit(article, body=f"نص {zalgo}")
    assert len(comment.body) == len("نص a") + 4


def test_control_characters_and_nul_bytes_are_removed(article):
    comment = submit(article, name="سا\x00رة", body="سطر\x00 أول\r\nسطر\x07 ثان")
    assert comment.name == "سارة"
    assert comment.body == "سطر أول\nسطر ثان"


def test_a_duplicate_on_the_same_article_is_a_conflict(article):
    submit(article, body="هذا الخبر مهم جدًا")
    error = refused(article, body="هَذَا  الخـــبر مُهِمّ جدا", visitor_id="v2")
    assert error.status == 409
    assert "من قبل" in error.messages[0]
    other = make_article()
    assert submit(other, body="هذا الخبر مهم جدًا").pk


def test_a_flood_from_one_visitor_is_refused(article, settings):
    settings.COMMENTS_FLOOD_LIMIT = 2
    submit(article, body="الأول")
    submit(article, body="الثاني")
    error = refused(article, body="الثالث")
    assert error.status == 429 and "بعد قليل" in error.messages[0]
    assert submit(article, body="الثالث", visitor_id="v2").pk


def test_the_user_agent_is_stored_as_clean_text(article):
    comment = submit(article, user_agent="Mozilla/5.0\x00 (X11)\ud800")
    assert comment.user_agent == "Mozilla/5.0 (X11)"


def test_old_comments_do_not_count_toward_the_flood(article, settings):
    settings.COMMENTS_FLOOD_LIMIT = 1
    old = submit(article, body="قديم")
    Comment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    assert submit(article, body="جديد").pk


def test_more_than_two_links_are_held_and_flagged(article):
    two = submit(article, body="انظر https://a.example و www.b.example")
    assert two.flag == Comment.Flag.NONE
    three = submit(
        article, body="روابط: http://a.example/x https://b.example و spam-shop.com"
    )
    assert (three.status, three.flag) == (Comment.Status.PENDING, Comment.Flag.LINKS)


@pytest.mark.parametrize(
    "body",
    [
        "هذا كلام فاسد",
        "هذا كلام فَاسِدٌ",  # diacritics
        "هذا كلام فـــاسد",  # tatweel
        "هذا كلام والفاسد",  # prefixes
        "هذا كلام فا\u200bسد",  # a zero-width space inside
    ],
)
def test_hold_list_words_flag_the_comment_whatever_the_spelling(article, body):
    ModerationWord.objects.create(word="فاسد", list=ModerationWord.List.HOLD)
    comment = submit(article, body=body)
    assert (comment.status, comment.flag) == (
        Comment.Status.PENDING,
        Comment.Flag.HOLD_WORD,
    )


def test_hold_list_does_not_match_inside_other_words(article):
    ModerationWord.objects.create(word="سد", list=ModerationWord.List.HOLD)
    assert submit(article, body="هذا كلام فاسد").flag == Comment.Flag.NONE


def test_block_list_words_go_to_spam_and_nobody_is_emailed(
    article, django_capture_on_commit_callbacks
):
    make_moderator()
    ModerationWord.objects.create(word="كازينو إلكتروني", list="block")
    with django_capture_on_commit_callbacks(execute=True):
        comment = submit(article, body="أفضل كَازِينُو  الإلكترونى هنا")
    assert (comment.status, comment.flag) == (
        Comment.Status.SPAM,
        Comment.Flag.BLOCK_WORD,
    )
    assert mail.outbox == []


def test_alef_and_yeh_variants_match_the_block_list(article):
    ModerationWord.objects.create(word="إعلان مدفوع", list="block")
    assert submit(article, body="اعلان مدفوع").status == Comment.Status.SPAM


def test_comments_on_drafts_unknown_or_scheduled_articles_are_not_found():
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
    for target in (draft, scheduled):
        error = refused(target)
        assert (error.status, error.messages) == (404, ["المقال غير موجود."])
    with pytest.raises(CommentRefused) as info:
        services.submit_comment(
            article_id=999999, name="س", body="ت", elapsed_seconds=9
        )
    assert info.value.status == 404


def test_comments_on_a_closed_article_are_refused():
    closed = make_article(is_open_for_comments=False)
    error = refused(closed)
    assert (error.status, error.messages) == (403, ["التعليقات مغلقة على هذا المقال."])


def test_comments_close_automatically_after_the_configured_days(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 7
    old = make_article(published_at=timezone.now() - timedelta(days=8))
    recent = make_article(published_at=timezone.now() - timedelta(days=6))
    assert refused(old).status == 403
    assert submit(recent).pk
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    assert services.are_comments_open(article=old)


def test_replies_stay_one_level_deep_and_only_under_visible_comments(article):
    top = make_comment(article=article, status=Comment.Status.APPROVED)
    reply = submit(article, parent_id=top.pk, body="رد أول")
    assert reply.parent == top
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.APPROVED)
    deeper = submit(article, parent_id=reply.pk, body="رد على الرد")
    assert deeper.parent == top
    pending = make_comment(article=article)
    other = make_comment(article=make_article(), status=Comment.Status.APPROVED)
    for parent_id in (pending.pk, other.pk, 999999, "abc", "1 OR 1=1"):
        error = refused(article, parent_id=parent_id, body=f"رد {parent_id}")
        assert error.message_dict["parent"] == ["التعليق الذي تردّ عليه غير موجود."]


def test_comment_text_with_markup_is_stored_as_plain_text(article):
    comment = submit(article, name="<b>x</b>", body="<script>alert(1)</script>")
    assert comment.body == "<script>alert(1)</script>"  # escaped on every page
