"""Plain make_*() helpers for test data."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from accounts.roles import EDITOR, MODERATOR, WRITER
from accounts.services import create_staff_user, sync_roles
from articles.models import Article, Author, Byline, Comment, Image, Section, Tag
from articles.services.comments import recount_comments

_seq = itertools.count(1)


def make_section(**fields) -> Section:
    n = next(_seq)
    fields.setdefault("name", f"قسم {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_tag(**fields) -> Tag:
    n = next(_seq)
    fields.setdefault("name", f"وسم {n}")
    fields.setdefault("slug", f"tag-{n}")
    return Tag.objects.create(**fields)


def make_author(**fields) -> Author:
    n = next(_seq)
    fields.setdefault("name", f"كاتب {n}")
    fields.setdefault("slug", f"author-{n}")
    return Author.objects.create(**fields)


def image_bytes(fmt="JPEG", size=(64, 48), colour=(200, 40, 40), **save_args) -> bytes:
    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    PILImage.new(mode, size, colour).save(out, fmt, **save_args)
    return out.getvalue()


def make_image(**fields) -> Image:
    data = image_bytes()
    fields.setdefault("alt_text", "صورة اختبار")
    fields.setdefault(
        "file", SimpleUploadedFile("test.jpg", data, content_type="image/jpeg")
    )
    fields.setdefault("file_hash", f"{next(_seq):064d}")
    return Image.objects.create(**fields)


def make_article(*, authors=(), tags=(), **fields) -> Article:
    n = next(_seq)
    fields.setdefault("headline", f"خبر رقم {n}")
    fields.setdefault("slug", f"khabar-{n}")
    fields.setdefault("body", f"<p>نص الخبر رقم {n}.</p>")
    if "section" not in fields:
        fields["section"] = make_section()
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] in (Article.Status.PUBLISHED, Article.Status.SCHEDULED):
        # An hour ago, one second older per factory call: later-made articles are
        # older, always. (`hours=n % 48 + 1` wrapped every 48 calls and reached the
        # 48-hour news sitemap edge; n depends on every test run before this one.)
        fields.setdefault(
            "published_at", timezone.now() - timedelta(hours=1, seconds=n)
        )
    article = Article.objects.create(**fields)
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.set(tags)
    return article


def make_comment(*, article, **fields) -> Comment:
    n = next(_seq)
    fields.setdefault("name", f"قارئ {n}")
    fields.setdefault("body", f"تعليق رقم {n}")
    fields.setdefault("body_hash", f"{n:064d}")
    comment = Comment.objects.create(article=article, **fields)
    if comment.status == Comment.Status.APPROVED:
        # As the services do when a comment becomes visible: comment_count stays the
        # number of visible comments, which the article page relies on.
        recount_comments(article_ids=[article.pk])
        article.refresh_from_db(fields=["comment_count"])
    return comment


def make_staff(role: str, username: str | None = None):
    """A staff user in one role; roles are synced first."""
    sync_roles()
    username = username or f"{role.lower()}{next(_seq)}"
    return create_staff_user(
        username=username,
        email=f"{username}@example.com",
        password="pw-12345678",
        role=role,
    )


def make_editor(username=None):
    return make_staff(EDITOR, username)


def make_writer(username=None):
    return make_staff(WRITER, username)


def make_moderator(username=None):
    return make_staff(MODERATOR, username)


def make_superuser(username="root"):
    return get_user_model().objects.create_superuser(
        username, f"{username}@example.com", "pw"
    )


def comment_form_token(*, age_seconds: float = 60) -> str:
    """A signed comment-form start time, as if the form was handed out `age_seconds` ago."""
    import time
    from unittest import mock

    from articles.services.comments import issue_form_token

    then = time.time() - age_seconds
    with mock.patch("articles.services.comments.time.time", return_value=then):
        return issue_form_token()
