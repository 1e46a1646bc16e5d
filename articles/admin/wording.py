"""Arabic counts for admin messages: zero, one, two, few (3-10), many (11-99), other."""

from django.utils.translation import gettext as _


def arabic_plural_form(n: int) -> str:
    """The CLDR plural category of `n` in Arabic."""
    if n == 0:
        return "zero"
    if n == 1:
        return "one"
    if n == 2:
        return "two"
    if 3 <= n % 100 <= 10:
        return "few"
    if 11 <= n % 100 <= 99:
        return "many"
    return "other"


def count_articles(n: int) -> str:
    """`n` articles, worded as Arabic counts them (مقال واحد، مقالان، 3 مقالات ...)."""
    forms = {
        "zero": _("لا مقالات"),
        "one": _("مقال واحد"),
        "two": _("مقالان"),
        "few": _("%(n)s مقالات"),
        "many": _("%(n)s مقالاً"),
        "other": _("%(n)s مقال"),
    }
    return forms[arabic_plural_form(n)] % {"n": n}
