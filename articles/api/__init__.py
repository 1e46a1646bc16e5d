"""The Content API, version 1: JSON for apps and partners at /api/v1/.

Built on django-ninja: typed operations whose OpenAPI 3 description and docs page come
from the same code, with Swagger UI served from ninja's own static files (no CDN).
"""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from ..caching import share_api_reads
from ..middleware import API_PREFIX
from . import articles, comments, engagement, taxonomy
from .errors import install_error_handlers


class ArabicJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Arabic left readable instead of \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="واجهة المحتوى — بوابة الأخبار",
    version="1",
    description=(
        "واجهة JSON للمقالات المنشورة والأقسام والكتّاب والتعليقات، مع إرسال "
        "التعليقات وعدّ المشاهدات والمشاركات من التطبيقات. "
        "JSON for apps and partners: published articles only; open reads, "
        "rate-limited writes that go through the site's own rules."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # No badge fetched from validator.swagger.io: the docs page stays on our origin.
    docs=Swagger(settings={"validatorUrl": None, "layout": "BaseLayout"}),
    renderer=ArabicJSONRenderer(),
)
api.add_router("", articles.router)
api.add_router("", taxonomy.router)
api.add_router("", comments.router)
api.add_router("", engagement.router)
install_error_handlers(api)
share_api_reads(lambda: api.get_openapi_schema(path_prefix=API_PREFIX))
