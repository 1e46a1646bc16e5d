"""Text an editor typed, kept fit for every format it is published in (XML 1.0 too)."""

import re

from django.db import models

# C0 controls other than tab and line breaks (Word writes a vertical tab for a soft line
# break), lone surrogates and the two non-characters: XML 1.0 has no way to write them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """`value` with every character XML 1.0 forbids turned into a space; lists item by
    item; anything else unchanged."""
    if isinstance(value, str):
        return _NOT_XML.sub(" ", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(item) for item in value)
    return value


class PlainTextFields:
    """Model mixin: `full_clean()` (so every admin form) passes each text field through
    `xml_text`, so a pasted control character never reaches a feed or a sitemap."""

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                setattr(self, field.attname, xml_text(getattr(self, field.attname)))
        super().clean_fields(exclude)
