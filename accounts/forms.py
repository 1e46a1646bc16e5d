"""The admin's sign-in form."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator


class StaffLoginForm(AdminAuthenticationForm):
    """Django's admin sign-in, refusing a username longer than any account's before it
    is looked up.

    Django sets the username's `max_length` only after the field is built, so nothing
    checks it: a 10,000-letter name reached `authenticate()`, and django-axes' record of
    the failure (a 255-character column) failed on PostgreSQL with a 500.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
