"""Comments from apps: the visible thread, a form token, and submission for review.

Submission goes through `services.comments.submit_comment`, the function the site's
comment form calls: honeypot, time-to-submit token, lengths, closed articles, replies,
duplicates (409), the per-visitor flood limit (429) and the word lists all apply.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from ninja import Router, Status

from ..caching import shared_read
from ..guards.throttle import client_address, is_over_limit
from ..models import Article, Comment
from ..services import comments as services
from .errors import error_response, too_many
from .params import ArticleId, Limit, Offset
from .representations import local
from .routes import shared_get
from .schemas import (
    WRITE_ERRORS,
    CommentAccepted,
    CommentIn,
    CommentPage,
    CommentTokenOut,
)

router = Router(tags=["comments"])

PENDING_MESSAGE = (
    "شكرًا لك. تعليقك بانتظار المراجعة، ولن يظهر قبل أن يوافق عليه فريق الإشراف."
)
# Refusals that concern one field of the body: the API names it (422).
_FIELD_OF_CODE = {"form_token": "token", "too_fast": "token"}
# New approvals show within this long on shared caches (our page cache purges at once).
COMMENTS_MAX_AGE = 30


@shared_get(
    router,
    "/articles/{article_id}/comments",
    ok=CommentPage,
    summary="Approved comments of a published article, oldest first",
    operation_id="list_comments",
    cache=shared_read(max_age=COMMENTS_MAX_AGE),
)
def list_comments(
    request, article_id: ArticleId, limit: Limit = 20, offset: Offset = 0
):
    article = get_object_or_404(Article.objects.published().only("pk"), pk=article_id)
    comments = Comment.objects.visible().filter(article=article)
    page = comments.only("pk", "parent_id", "name", "body", "created_at")
    return {
        "count": comments.count(),
        "limit": limit,
        "offset": offset,
        "items": [
            {
                "id": comment.pk,
                "parent": comment.parent_id,
                "name": comment.name,
                "body": comment.body,
                "created_at": local(comment.created_at),
            }
            for comment in page.order_by("created_at", "pk")[offset : offset + limit]
        ],
    }


@router.get(
    "/comment-token",
    response={200: CommentTokenOut},
    summary="A signed start time for the comment the reader begins to write",
    operation_id="get_comment_token",
)
def get_comment_token(request, response: HttpResponse):
    add_never_cache_headers(response)  # one token per reader, never shared
    return {
        "token": services.issue_form_token(),
        "min_seconds": settings.COMMENTS_MIN_SUBMIT_SECONDS,
        "max_age_seconds": settings.COMMENTS_FORM_MAX_AGE_SECONDS,
    }


@router.post(
    "/articles/{article_id}/comments",
    response={201: CommentAccepted, **WRITE_ERRORS},
    summary="Submit a comment; it waits for a moderator",
    operation_id="submit_comment",
)
def submit_comment(request, article_id: ArticleId, data: CommentIn):
    address = client_address(request)
    if is_over_limit(scope="api-comment", key=address, limit=settings.API_COMMENT_RATE):
        return too_many(60)  # PORTAL_API_COMMENT_RATE is per minute
    try:
        services.submit_comment(
            article_id=article_id,
            name=data.name,
            body=data.body,
            email=data.email,
            parent_id=data.parent,
            visitor_id=services.visitor_id_for(address=address),
            user_agent=request.headers.get("User-Agent", ""),
            honeypot=data.website,
            elapsed_seconds=services.read_form_token(token=data.token),
        )
    except services.CommentRefused as error:
        return _refused(error)
    return Status(201, {"status": "pending", "detail": PENDING_MESSAGE})


def _refused(error: services.CommentRefused):
    """The service's refusal in the API's error shape; field problems are a 422."""
    by_field = getattr(error, "error_dict", None)
    field = _FIELD_OF_CODE.get(getattr(error, "code", None))
    if by_field:
        return error_response(
            422,
            errors=[
                {"field": name, "message": message}
                for name, problems in by_field.items()
                for problem in problems
                for message in problem.messages
            ],
        )
    if field:
        errors = [{"field": field, "message": error.messages[0]}]
        return error_response(422, error.messages[0], errors)
    if error.status == 429:
        return too_many(settings.COMMENTS_FLOOD_WINDOW_SECONDS, error.messages[0])
    return error_response(error.status, " ".join(error.messages))
