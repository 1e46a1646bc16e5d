"""Field declarations several models share word for word."""

from django.conf import settings
from django.db import models


def user_stamp(verbose_name):
    """The staff user who did something, set by the code; kept (as empty) if they go."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )
