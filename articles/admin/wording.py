"""Arabic counts for admin messages (the plural rule is articles/text/plurals.py)."""

from django.utils.translation import gettext as _

from ..text.plurals import counted


def count_articles(n: int) -> str:
    """`n` articles, worded as Arabic counts them (مقال واحد، مقالان، 3 مقالات ...)."""
    forms = (
        _("لا مقالات"),
        _("مقال واحد"),
        _("مقالان"),
        _("%(n)s مقالات"),
        _("%(n)s مقالاً"),
        _("%(n)s مقال"),
    )
    return counted(n, forms)
