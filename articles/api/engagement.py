"""Views and shares from apps, through the site's rules: live articles only, bots and
prefetches filtered out, one count per visitor and article in 30 minutes, flood limits.

The site dedups with a signed cookie; apps send a stable `X-Visitor-Id` instead. Both
end in `services.engagement`, which stores nothing for an article that is not live.
"""

from django.conf import settings
from ninja import Router

from ..guards.bots import not_a_view_reason
from ..guards.throttle import client_address, is_over_limit
from ..models import Article, EngagementCount
from ..services import engagement as services
from .errors import error_response, too_many
from .params import ArticleId, VisitorId
from .schemas import WRITE_ERRORS, Counted, ShareIn

router = Router(tags=["engagement"])
_NOT_FOUND = "المقال غير موجود أو غير منشور."


@router.post(
    "/articles/{article_id}/views",
    response={200: Counted, **WRITE_ERRORS},
    summary="Count one reader view of a published article",
    operation_id="record_view",
)
def record_view(request, article_id: ArticleId, visitor: VisitorId):
    address = client_address(request)
    if is_over_limit(scope="view", key=address, limit=settings.ENGAGEMENT_VIEW_RATE):
        return too_many(60)
    reason = not_a_view_reason(request)
    first = not reason and services.is_first_hit(
        scope="view", article_id=article_id, visitor_id=visitor
    )
    if not reason and not first:
        reason = EngagementCount.Reason.REPEAT
    if not services.record_view(article_id=article_id, filtered_reason=reason):
        if first:
            services.forget_hit(scope="view", article_id=article_id, visitor_id=visitor)
        return error_response(404, _NOT_FOUND)
    return {"counted": not reason}


@router.post(
    "/articles/{article_id}/shares",
    response={200: Counted, **WRITE_ERRORS},
    summary="Count one share of a published article on a network",
    operation_id="record_share",
)
def record_share(request, article_id: ArticleId, data: ShareIn, visitor: VisitorId):
    address = client_address(request)
    if is_over_limit(scope="share", key=address, limit=settings.ENGAGEMENT_SHARE_RATE):
        return too_many(60)
    scope = f"share-{data.network}"
    if not_a_view_reason(request) or not services.is_first_hit(
        scope=scope, article_id=article_id, visitor_id=visitor
    ):
        # A bot or preview fetch, or a retry or double tap: not counted, but still 404
        # for a dead article.
        if not Article.objects.published().filter(pk=article_id).exists():
            return error_response(404, _NOT_FOUND)
        return {"counted": False}
    if not services.record_share(article_id=article_id, network=data.network):
        services.forget_hit(scope=scope, article_id=article_id, visitor_id=visitor)
        return error_response(404, _NOT_FOUND)
    return {"counted": True}
