"""What a user may open in the admin, and what they are told when they may not."""

from ..models import Image


class VisiblePicturesMixin:
    """Picture choices (autocomplete, select, raw id) offer only what the user may see,
    and a crafted POST with a hidden picture's id is refused by the form."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Image:
            kwargs["queryset"] = Image.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
