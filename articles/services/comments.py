"""Reader comments: one function per moderation rule, submission and moderation writes.

`submit_comment` takes plain values (no HTML form, no request), so the comment form view
and the API share it. Every refusal is a `CommentRefused` carrying an Arabic message and
the HTTP status that fits it. A caller without a form to time (the API) passes
`check_timing=False`; the honeypot and every other rule still apply.
"""

import re
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..caching import retire_pages
from ..models import Article, Comment, ModerationWord
from ..text.normalization import normalize_arabic
from .comment_mail import notify_authors, notify_moderators
from .comment_text import clean_text, contains_word, count_links

NAME_MAX = 80
BODY_MAX = 5000
EMAIL_MAX = 254
_TOKEN_SALT = "articles.comments.form"
# pg_advisory_xact_lock(namespace, hashtext(visitor)): one submission per visitor at a
# time, so parallel posts cannot all pass the flood count before any is stored.
_VISITOR_LOCK_NAMESPACE = 2026_1125


class CommentRefused(ValidationError):
    """A comment that cannot be accepted; `status` is the HTTP status to answer."""

    def __init__(self, message, *, status: int = 400, code: str = "invalid"):
        super().__init__(message, code=code)
        self.status = status


def _as_id(value) -> int | None:
    """A database id from whatever the client sent, or None (never an overflow)."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)


# Moderation rules: each raises CommentRefused or returns quietly (or a verdict) -------


def check_honeypot(*, honeypot: str) -> None:
    """People never fill the hidden field; robots fill every field."""
    if honeypot:
        raise CommentRefused("تعذّر قبول التعليق.", code="honeypot")


def check_time_to_submit(*, elapsed_seconds: float | None) -> None:
    """Refuse a form sent faster than a person can type, or without a valid form token."""
    if elapsed_seconds is None:
        raise CommentRefused(
            "انتهت صلاحية النموذج أو أنه غير صالح. أعد تحميل الصفحة ثم أرسل تعليقك.",
            code="form_token",
        )
    if elapsed_seconds < settings.COMMENTS_MIN_SUBMIT_SECONDS:
        raise CommentRefused(
            "أُرسل النموذج بسرعة أكبر مما يكتب به إنسان. انتظر لحظات ثم أعد الإرسال.",
            code="too_fast",
        )


def check_article_open(*, article_id) -> Article:
    """The article must be published and open for comments; returns it."""
    article_id = _as_id(article_id)
    article = article_id and Article.objects.published().filter(pk=article_id).first()
    if not article:
        raise CommentRefused("المقال غير موجود.", status=404, code="no_article")
    if not are_comments_open(article=article):
        raise CommentRefused(
            "التعليقات مغلقة على هذا المقال.", status=403, code="closed"
        )
    return article


def are_comments_open(*, article: Article) -> bool:
    """Open per article, and closed automatically COMMENTS_CLOSE_AFTER_DAYS after publishing."""
    if not article.is_open_for_comments or not article.is_live:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days > 0:
        return article.published_at > timezone.now() - timedelta(days=days)
    return True


def check_lengths(*, name: str, email: str, body: str) -> None:
    """Name up to 80 characters, comment up to 5,000; both required; email well formed."""
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["اكتب اسمك."]
    elif len(name) > NAME_MAX:
        errors["name"] = [f"الاسم أطول من {NAME_MAX} حرفًا."]
    if not body:
        errors["body"] = ["اكتب تعليقك؛ لا يُقبل تعليق فارغ."]
    elif len(body) > BODY_MAX:
        errors["body"] = [f"التعليق أطول من {BODY_MAX} حرف."]
    if email:
        try:
            if len(email) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            errors["email"] = ["عنوان البريد الإلكتروني غير صحيح."]
    if errors:
        raise CommentRefused(errors)


def reply_target(*, article: Article, parent_id) -> Comment | None:
    """The visible comment a reply to `parent_id` goes under (one level deep), or None."""
    parent = (
        Comment.objects.visible()
        .filter(article=article, pk=_as_id(parent_id) or 0)
        .select_related("parent")
        .first()
    )
    if parent is None:
        return None
    return parent.parent or parent


def check_parent(*, article: Article, parent_id) -> Comment | None:
    """A reply goes under a visible comment of the same article, one level deep."""
    if parent_id in (None, ""):
        return None
    parent = reply_target(article=article, parent_id=parent_id)
    if parent is None:
        raise CommentRefused(
            {"parent": ["التعليق الذي تردّ عليه غير موجود."]}, code="no_parent"
        )
    return parent


def _duplicate() -> CommentRefused:
    return CommentRefused(
        "هذا التعليق نفسه أُرسل إلى هذا المقال من قبل.", status=409, code="duplicate"
    )


def check_duplicate(*, article: Article, body_hash: str) -> None:
    """The same comment twice on one article is refused (a 409)."""
    if Comment.objects.filter(article=article, body_hash=body_hash).exists():
        raise _duplicate()


def check_flood(*, visitor_id: str) -> None:
    """At most COMMENTS_FLOOD_LIMIT comments per visitor in the window (a 429).

    Call it inside the transaction that stores the comment, after
    `_one_submission_at_a_time`, or parallel posts all see the same count.
    """
    if not visitor_id:
        return
    window = settings.COMMENTS_FLOOD_WINDOW_SECONDS
    since = timezone.now() - timedelta(seconds=window)
    sent = Comment.objects.from_visitor_since(visitor_id, since).count()
    if sent >= settings.COMMENTS_FLOOD_LIMIT:
        raise CommentRefused(
            "أرسلت تعليقات كثيرة في وقت قصير. حاول مرة أخرى بعد قليل.",
            status=429,
            code="flood",
        )


def _one_submission_at_a_time(*, visitor_id: str) -> None:
    """Hold this visitor's lock until the transaction ends (PostgreSQL; SQLite already
    runs one write transaction at a time)."""
    if visitor_id and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                [_VISITOR_LOCK_NAMESPACE, visitor_id],
            )


def listed_words_in(*, text: str) -> set[str]:
    """The lists (block, hold) with a word found in the text, both normalised; one query."""
    tokens = " ".join(re.findall(r"\w+", normalize_arabic(text)))
    words = ModerationWord.objects.values_list("normalized", "list")
    return {
        word_list
        for word, word_list in words
        if contains_word(tokens=tokens, word=word)
    }


def classify_comment(*, name: str, body: str) -> tuple[str, str]:
    """Status and flag: block-list words go to spam, many links or hold words are flagged."""
    text = f"{name}\n{body}"
    listed = listed_words_in(text=text)
    if ModerationWord.List.BLOCK in listed:
        return Comment.Status.SPAM, Comment.Flag.BLOCK_WORD
    if count_links(text=text) > settings.COMMENTS_MAX_LINKS:
        return Comment.Status.PENDING, Comment.Flag.LINKS
    if ModerationWord.List.HOLD in listed:
        return Comment.Status.PENDING, Comment.Flag.HOLD_WORD
    return Comment.Status.PENDING, Comment.Flag.NONE


# Form tokens and visitors -------------------------------------------------------------


def issue_form_token() -> str:
    """A signed note of when the form was handed out (for the time-to-submit rule)."""
    return signing.dumps({"t": time.time()}, salt=_TOKEN_SALT)


def read_form_token(*, token: str) -> float | None:
    """Seconds since the token was issued, or None when it is forged or too old."""
    try:
        issued = float(signing.loads(token or "", salt=_TOKEN_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    elapsed = time.time() - issued
    if elapsed > settings.COMMENTS_FORM_MAX_AGE_SECONDS:
        return None
    return elapsed


def visitor_id_for(*, address: str) -> str:
    """A keyed hash of the client address: enough to count, never the address itself."""
    return salted_hmac(
        "articles.comments.visitor", address or "", algorithm="sha256"
    ).hexdigest()


# Submission ---------------------------------------------------------------------------


def submit_comment(
    *,
    article_id,
    name: str,
    body: str,
    email: str = "",
    parent_id=None,
    visitor_id: str = "",
    user_agent: str = "",
    honeypot: str = "",
    elapsed_seconds: float | None = None,
    check_timing: bool = True,
) -> Comment:
    """Apply every rule, then store the comment as pending (or spam) and tell moderators."""
    check_honeypot(honeypot=honeypot)
    if check_timing:
        check_time_to_submit(elapsed_seconds=elapsed_seconds)
    raw_name, raw_body = str(name or ""), str(body or "")
    if len(raw_name) > NAME_MAX * 10 or len(raw_body) > BODY_MAX * 10:
        check_lengths(name=raw_name, email="", body=raw_body)  # refuse before cleaning
    name = clean_text(raw_name, multiline=False)
    body = clean_text(raw_body, multiline=True)
    email = clean_text(str(email or ""), multiline=False).lower()
    check_lengths(name=name, email=email, body=body)
    article = check_article_open(article_id=article_id)
    parent = check_parent(article=article, parent_id=parent_id)
    body_hash = Comment.hash_body(body)
    check_duplicate(article=article, body_hash=body_hash)
    status, flag = classify_comment(name=name, body=body)
    comment = Comment(
        article=article,
        parent=parent,
        name=name,
        email=email,
        body=body,
        body_hash=body_hash,
        status=status,
        flag=flag,
        visitor_id=visitor_id[:64],
        user_agent=clean_text(str(user_agent or ""), multiline=False)[:300],
    )
    try:
        with transaction.atomic():
            _one_submission_at_a_time(visitor_id=visitor_id)
            check_flood(visitor_id=visitor_id)
            comment.save()
    except IntegrityError:  # an identical comment won the race
        raise _duplicate() from None
    if status == Comment.Status.PENDING:
        transaction.on_commit(lambda: notify_moderators(comment=comment))
    return comment


# Moderation ---------------------------------------------------------------------------


def _moderate(*, comments, by, changes: dict, unless: dict) -> list[int]:
    """Change comments and recount their articles in one transaction; returns changed ids.

    The articles are locked first (SELECT ... FOR UPDATE, in id order), so two moderators
    working on the same article take turns and each recount sees the other's committed
    change; the count is then recomputed in SQL from the comments themselves.
    """
    with transaction.atomic():
        article_ids = _lock_articles_of(comments)
        targets = Comment.objects.filter(pk__in=comments.values("pk")).exclude(**unless)
        changed = list(targets.values_list("pk", flat=True))
        if changed:
            Comment.objects.filter(pk__in=changed).update(
                moderated_at=timezone.now(), moderated_by=by, **changes
            )
            recount_comments(article_ids=article_ids)
    return changed


def _lock_articles_of(comments) -> list[int]:
    """Lock the comments' articles (in id order, so moderators take turns); their ids."""
    article_ids = sorted(set(comments.values_list("article_id", flat=True)))
    locked = Article.objects.select_for_update().filter(pk__in=article_ids)
    list(locked.order_by("pk").values_list("pk", flat=True))
    return article_ids


def recount_comments(*, article_ids) -> None:
    """Set each article's comment_count to its visible comments, in one UPDATE."""
    Article.objects.filter(pk__in=article_ids).update(
        comment_count=Comment.objects.visible_count_for_article()
    )
    retire_pages(editorial=False)  # what readers see changed: retire cached pages


def approve_comments(*, comments, by=None) -> int:
    """Approve comments (from any status); commenters who left an email are told."""
    approved = Comment.Status.APPROVED
    changed = _moderate(
        comments=comments,
        by=by,
        changes={"status": approved},
        unless={"status": approved},
    )
    if changed:
        transaction.on_commit(lambda: notify_authors(comment_ids=changed))
    return len(changed)


def _set_on(comments, *, by, **change) -> int:
    """Give comments not already in that state `change`; returns how many changed."""
    return len(_moderate(comments=comments, by=by, changes=change, unless=change))


def reject_comments(*, comments, by=None) -> int:
    """Reject comments: kept for the record, never shown."""
    return _set_on(comments, by=by, status=Comment.Status.REJECTED)


def mark_spam(*, comments, by=None) -> int:
    """Mark comments as spam."""
    return _set_on(comments, by=by, status=Comment.Status.SPAM)


def trash_comments(*, comments, by=None) -> int:
    """Move comments to the trash (a soft delete that can be undone)."""
    return _set_on(comments, by=by, is_removed=True)


def restore_comments(*, comments, by=None) -> int:
    """Take comments out of the trash, back to the status they had."""
    return _set_on(comments, by=by, is_removed=False)


def delete_comments(*, comments) -> int:
    """Delete comments for good (superusers emptying the trash) and recount."""
    with transaction.atomic():
        article_ids = _lock_articles_of(comments)
        doomed = Comment.objects.filter(
            pk__in=list(comments.values_list("pk", flat=True))
        )
        _, per_model = doomed.delete()
        recount_comments(article_ids=article_ids)
    return per_model.get(Comment._meta.label, 0)
