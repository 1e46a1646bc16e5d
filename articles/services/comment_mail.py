"""Comment notifications: moderators hear of new pending comments, commenters of approval."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from ..models import Comment

logger = logging.getLogger(__name__)


def notify_moderators(*, comment: Comment) -> int:
    """Email every active moderator who has an address about a new pending comment."""
    moderators = get_user_model().objects.with_perm(
        "articles.moderate_comment",
        is_active=True,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",  # where roles live
    )
    recipients = sorted({m.email for m in moderators if m.email})
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse(
        "admin:articles_comment_change", args=[comment.pk]
    )
    reason = f"\nسبب التعليم: {comment.get_flag_display()}" if comment.flag else ""
    body = (
        f"كتب {comment.name} على «{comment.article.headline}»:\n\n{comment.body}\n"
        f"{reason}\n\nللمراجعة: {link}\n"
    )
    subject = f"تعليق جديد بانتظار المراجعة: {comment.article.headline}"
    return _send(subject, body, to=[settings.DEFAULT_FROM_EMAIL], bcc=recipients)


def notify_authors(*, comment_ids) -> int:
    """Tell each commenter who left an email, once, that the comment is now published."""
    comments = (
        Comment.objects.filter(
            pk__in=comment_ids,
            status=Comment.Status.APPROVED,
            author_notified_at__isnull=True,
        )
        .exclude(email="")
        .select_related("article")
    )
    sent = 0
    for comment in comments:
        link = settings.SITE_URL + comment.article.get_absolute_url()
        body = (
            f"مرحبًا {comment.name}،\n\nوافق فريق الإشراف على تعليقك وهو منشور الآن:\n"
            f"{link}#comment-{comment.pk}\n"
        )
        subject = f"نُشر تعليقك على «{comment.article.headline}»"
        if _send(subject, body, to=[comment.email]):
            Comment.objects.filter(pk=comment.pk).update(
                author_notified_at=timezone.now()
            )
            sent += 1
    return sent


def _send(subject: str, body: str, **addresses) -> int:
    """Send one notification; 1 if it went, 0 (logged) if the mail server failed."""
    message = EmailMessage(subject=subject, body=body, **addresses)
    try:
        return message.send()
    except Exception:  # a mail outage must not undo a moderation decision
        logger.exception("comment notification not sent: %s", subject)
        return 0
