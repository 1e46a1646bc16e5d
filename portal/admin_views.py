"""Admin views of our own: the lockout answer of the admin login, the "view on site"
shortcut for objects the user may open in the admin, and the keep-alive of admin forms.

Django's own (`/admin/r/<content type>/<id>/`) only asks for staff status and redirects
to any object's public address, so a moderator could learn the slug (the headline) of
an embargoed draft. This one looks the object up through its model admin first.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.text.plurals import MINUTES, counted


@staff_member_required
def view_on_site(request, content_type_id, object_id):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ContentType.DoesNotExist, NotRegistered):
        raise Http404("no such object") from None
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("no such object")
    return shortcut(request, content_type_id, object_id)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a username and address have failed too often: an Arabic
    page saying for how long, with `Retry-After`, and no login form to keep guessing."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "admin/lockout.html",
        {"wait": counted(max(1, seconds // 60), MINUTES)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def keep_alive(request):
    """Typing in an admin form counts as activity (static/js/admin_keep_alive.js).

    Staff sessions end after `PORTAL_STAFF_IDLE_MINUTES` without a request, and writing
    an article makes none: each ping moves the end (a signed-in user's session is
    saved at most once a minute: accounts/middleware.py). 204 while signed in; 401 once
    the session has ended, so the page can warn before the text is submitted and lost.
    """
    user = request.user
    signed_in = user.is_authenticated and user.is_active and user.is_staff
    return HttpResponse(status=204 if signed_in else 401)
