from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.forms import StaffLoginForm
from articles.api import api as content_api

from .admin_views import keep_alive, view_on_site
from .health import healthz

admin.site.login_form = StaffLoginForm
admin.site.site_header = "إدارة بوابة الأخبار"
admin.site.site_title = "إدارة بوابة الأخبار"
admin.site.index_title = "غرفة الأخبار"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin's own: its "view on site" shortcut checks no permission.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        view_on_site,
        name="admin-view-on-site",
    ),
    path("admin/keep-alive/", keep_alive, name="admin-keep-alive"),
    path("admin/", admin.site.urls),
    path("api/v1/", content_api.urls),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
