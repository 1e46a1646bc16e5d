from django.conf import settings


def site(request):
    """Site name, base URL and the demo notice switch for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "DEMO_NOTICE": settings.DEMO_NOTICE,
    }
