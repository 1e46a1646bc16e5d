"""The comment form's endpoints: a form token, the POST itself, a form page for readers
without JavaScript, and the CSRF refusal.

Article pages are cached and shared, so the page carries no per-visitor token: the static
script `comments.js` asks `comment-token` for the CSRF token and a signed start time just
before it sends the form. Without JavaScript, the article page links to `comment-page`,
which is never cached and carries both tokens itself; a refused comment comes back to
that page with what the reader wrote and why it was refused.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..forms import CommentForm
from ..guards.origins import is_same_origin
from ..guards.throttle import client_address
from ..models import Article
from ..presentation.links import link
from ..services import comments as services

PENDING_MESSAGE = (
    "شكرًا لك. تعليقك بانتظار المراجعة، ولن يظهر قبل أن يوافق عليه فريق الإشراف."
)
CSRF_MESSAGE = (
    "تعذّر التحقق من أن الطلب صادر عن هذا الموقع (رمز الحماية مفقود أو منتهي الصلاحية). "
    "فعّل ملفات تعريف الارتباط وJavaScript، ثم أعد تحميل الصفحة وحاول مرة أخرى."
)
RESEND_MESSAGE = (
    "لم يُرسَل تعليقك بعد: تعذّر التحقق من أن الطلب صادر عن هذا الموقع. "
    "ما كتبته محفوظ أدناه؛ راجعه ثم أرسله من جديد."
)
_ARABIC = {"ensure_ascii": False}


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refused(request, error: services.CommentRefused, *, article_id=None, data=None):
    errors = getattr(error, "error_dict", None)
    fields = {k: [m for e in v for m in e.messages] for k, v in (errors or {}).items()}
    context = {"messages_list": error.messages, "field_errors": fields}
    if _wants_json(request):
        body = {"ok": False, "message": " ".join(error.messages), "errors": fields}
        response = JsonResponse(body, status=error.status, json_dumps_params=_ARABIC)
    elif (article := _open_article(article_id)) is not None:  # back to the form
        response = _form_page(request, article, data=data, errors=error.messages)
        response.status_code = error.status
    else:
        template = "articles/comment_error.html"
        response = render(request, template, context, status=error.status)
    if error.status == 429:
        response["Retry-After"] = str(settings.COMMENTS_FLOOD_WINDOW_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def comment_token(request):
    """The CSRF token (its cookie is set too) and a signed form start time."""
    return JsonResponse(
        {"csrf_token": get_token(request), "started": services.issue_form_token()}
    )


@never_cache
@require_POST
def post_comment(request, article_id):
    """Submit a comment; it waits for a moderator, and the reader is told so."""
    try:
        data = request.POST
    except (TooManyFieldsSent, RequestDataTooBig):
        error = services.CommentRefused("الطلب أكبر من المسموح أو فيه حقول كثيرة جدًا.")
        return _refused(request, error)
    try:
        comment = services.submit_comment(
            article_id=article_id,
            **CommentForm.values_from(data),
            visitor_id=services.visitor_id_for(address=client_address(request)),
            user_agent=request.headers.get("User-Agent", ""),
            elapsed_seconds=services.read_form_token(token=data.get("started", "")),
        )
    except services.CommentRefused as error:
        return _refused(request, error, article_id=article_id, data=data)
    if _wants_json(request):
        body = {"ok": True, "message": PENDING_MESSAGE}
        return JsonResponse(body, status=201, json_dumps_params=_ARABIC)
    context = {"article": comment.article, "message": PENDING_MESSAGE}
    return render(request, "articles/comment_pending.html", context, status=201)


@never_cache
@require_GET
def comment_page(request, article_id):
    """The comment form on a page of its own, for readers without JavaScript."""
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    response = _form_page(request, article, parent_id=request.GET.get("parent"))
    if not services.are_comments_open(article=article):
        response.status_code = 403
    return response


def _form_page(request, article, *, data=None, errors=(), parent_id=None):
    """The form page; `data` and `errors` when a submission from it was refused, and
    the comment being answered when `?parent=` (or the refused form) names one."""
    is_open = services.are_comments_open(article=article)
    started = (data or {}).get("started") or ""
    if services.read_form_token(token=started) is None:
        started = services.issue_form_token()
    if data is not None:
        parent_id = data.get("parent")
    parent = None
    if parent_id:
        parent = services.reply_target(article=article, parent_id=parent_id)
    context = {
        "article": article,
        "is_open": is_open,
        "form": CommentForm(data=data),
        "started": started,
        "errors": errors,
        "parent": parent,
    }
    return render(request, "articles/comment_page.html", context)


def _open_article(article_id):
    """The live article a refused form came from, or None (then the plain error page)."""
    if article_id is None:
        return None
    return Article.objects.published().filter(pk=article_id).first()


def csrf_failure(request, reason=""):
    """Refuse a POST without a valid CSRF token: Arabic, 403, never a 500.

    A comment sent from the article page without JavaScript has no token (the page is
    shared): it comes back on the comment page, which carries one, with what the reader
    wrote, so sending it again is one click and nothing typed is lost. Only when it came
    from our own pages: another site's forged post gets the form empty, or the reader
    would be one click away from posting the forger's words under their own name.
    """
    if _wants_json(request):
        body = {"ok": False, "message": CSRF_MESSAGE}
        return JsonResponse(body, status=403, json_dumps_params=_ARABIC)
    article_id = _commented_article_id(request.path_info)
    article = _open_article(article_id)
    if article is not None:
        data = None
        if is_same_origin(request):
            try:
                data = request.POST
            except (TooManyFieldsSent, RequestDataTooBig):
                data = None
        response = _form_page(request, article, data=data, errors=[RESEND_MESSAGE])
        response.status_code = 403
        response["Cache-Control"] = "no-store"
        return response
    page = link("articles:comment-page", article_id) if article_id else ""
    context = {
        "messages_list": [CSRF_MESSAGE],
        "field_errors": {},
        "comment_page_url": page,
    }
    return render(request, "articles/comment_error.html", context, status=403)


def _commented_article_id(path: str) -> int | None:
    """The article a refused comment was sent to, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "articles:comment-create":
        return None
    return match.kwargs["article_id"]
