"""Our Arabic for what Django and django-axes ship untranslated (locale/ar)."""

import ast
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, ngettext

from tests.factories import make_editor, make_superuser

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "ar" / "LC_MESSAGES"
_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$')


def _entries(name: str) -> list[dict]:
    """The .po file's entries, each a dict of its fields (continuation lines joined)."""
    entries, entry, field = [], {}, None
    for line in (LOCALE / name).read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry, field = {}, None
        elif match := _FIELD.match(line):
            field = match[1]
            entry[field] = ast.literal_eval(match[2])
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
    return entries


def test_every_django_entry_is_translated_and_compiled():
    """A .po edited without `make messages` leaves the .mo behind: this fails."""
    entries = _entries("django.po")
    assert len(entries) > 10
    with translation.override("ar"):
        for entry in entries:
            if "msgid_plural" in entry:
                got = ngettext(entry["msgid"], entry["msgid_plural"], 8)
                assert got == entry["msgstr[3]"]  # 3 to 10 takes the "few" form
            else:
                assert gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


@pytest.mark.django_db
def test_the_superusers_user_pages_have_no_untranslated_django_strings(client):
    client.force_login(make_superuser())
    html = client.get("/admin/accounts/user/add/").content.decode()
    for english in ("Password-based authentication", "Enabled", "Disabled"):
        assert english not in html
    assert "الدخول بكلمة مرور" in html


@pytest.mark.django_db
def test_the_admin_scripts_get_every_djangojs_entry_in_arabic(client):
    """The admin's JavaScript catalog (calendar days, the two-box selector) carries
    each entry of djangojs.po, compiled."""
    client.force_login(make_editor())
    script = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])
    entries = _entries("djangojs.po")
    assert len(entries) > 10
    for entry in entries:
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        expected = entry.get("msgstr") or entry["msgstr[3]"]
        got = catalog[key]
        assert (got[3] if isinstance(got, list) else got) == expected, key
    assert catalog["Monday"] == "الاثنين"


def test_a_short_password_is_refused_in_arabic():
    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        MinimumLengthValidator(min_length=8).validate("short")
    assert refused.value.messages == [
        "كلمة المرور هذه قصيرة جدًا: يجب ألا تقل عن 8 أحرف."
    ]
