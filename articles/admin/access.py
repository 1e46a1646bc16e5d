"""What a user may open in the admin, and what they are told when they may not."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from ..models import Image


class VisiblePicturesMixin:
    """Picture choices (autocomplete, select, raw id) offer only what the user may see,
    and a crafted POST with a hidden picture's id is refused by the form."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Image:
            kwargs["queryset"] = Image.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NotYoursMixin:
    """An object that exists but that `get_queryset` hides from this user is "not
    yours to open", not Django's "doesn't exist. Perhaps it was deleted?". Nothing of
    the object is shown; the user lands on the list of what they may open."""

    not_yours_message = ""  # set by each admin, in Arabic

    # Django's (private) hook for change, delete and history pages whose object
    # `get_object` did not find.
    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # History pages ask for no permission before the lookup: without one, 403
        # whether or not the object exists, so the answer tells nothing about it.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if not self._exists(unquote(object_id)):
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        self.message_user(request, self.not_yours_message, messages.WARNING)
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist",
                current_app=self.admin_site.name,
            )
        )

    def _exists(self, object_id) -> bool:
        try:
            pk = self.model._meta.pk.to_python(object_id)
        except ValidationError:
            return False
        return self.model._default_manager.filter(pk=pk).exists()
