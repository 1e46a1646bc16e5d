from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A newsroom account; roles are groups defined in accounts/roles.py."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("مستخدم")
        verbose_name_plural = _("المستخدمون")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username
