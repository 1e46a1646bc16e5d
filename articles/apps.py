from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "غرفة الأخبار"

    def ready(self):
        from . import signals  # noqa: F401
