"""Comment thread, open/closed state and the comment form for the article page."""

import functools

from django import template
from django.utils.translation import get_language

from ..forms import CommentForm
from ..services.comments import are_comments_open
from ..text.plurals import count_comments

register = template.Library()


@register.simple_tag
def comment_thread(comments):
    """Top-level comments in order, each with its replies (one level), from one list."""
    comments = list(comments)
    replies: dict[int, list] = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [
        {"comment": comment, "replies": replies.get(comment.pk, [])}
        for comment in comments
        if not comment.parent_id
    ]


@register.simple_tag
def comments_open(article) -> bool:
    return are_comments_open(article=article)


@register.inclusion_tag("includes/_comment_form.html")
def comment_form(article):
    """The blank form: nothing per visitor, so the page can be cached and shared."""
    return {"article": article, "form": blank_comment_form(get_language())}


@functools.lru_cache(maxsize=8)
def blank_comment_form(language: str) -> dict:
    """Each field's label, id and widget HTML. The blank form is the same on every
    page, and rendering its widgets costs more than the rest of the page, so it is
    rendered once per process and language."""
    form = CommentForm()
    return {
        name: {
            "label": field.label,
            "id_for_label": field.id_for_label,
            "html": str(field),
            "help_text": field.help_text,
            "help_id": f"{field.auto_id}_helptext",
        }
        for name in form.fields
        for field in [form[name]]
    }


@register.filter
def comment_count_label(count) -> str:
    """The number of comments in correct Arabic: zero, one, two, 3-10, 11-99, 100+."""
    return count_comments(count)
