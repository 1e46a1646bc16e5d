"""Reader-facing forms. The comment form only collects plain values; the rules live in
`services.comments`, so the form view and the API apply the same ones."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.comments import BODY_MAX, NAME_MAX


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("الاسم"),
        required=False,
        strip=False,
        widget=forms.TextInput(
            attrs={
                "maxlength": NAME_MAX,
                "autocomplete": "name",
                "dir": "auto",
                "required": True,
            }
        ),
    )
    email = forms.CharField(
        label=_("البريد الإلكتروني (اختياري، لا يُنشر)"),
        required=False,
        help_text=_("نخبرك عليه حين يُنشر تعليقك."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    body = forms.CharField(
        label=_("التعليق"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 5, "maxlength": BODY_MAX, "dir": "auto", "required": True}
        ),
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled by robots.
    website = forms.CharField(
        label=_("اترك هذا الحقل فارغًا"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    # A signed issue time, fetched by static/js/comments.js (never baked into the page).
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def values_from(data) -> dict:
        """Submitted strings as the service expects them; the service judges them all."""
        return {
            "name": data.get("name", ""),
            "email": data.get("email", ""),
            "body": data.get("body", ""),
            "honeypot": data.get("website", ""),
            "parent_id": data.get("parent") or None,
        }
