"""The direction of a reader's text, by what most of it is written in.

`dir="auto"` takes the direction of the first strong letter, so an Arabic comment that
opens with a brand name ("iPhone 15 وصل أخيراً…") was laid out left to right: its full
stop, its list dashes and its line starts on the wrong side. Counting letters instead
keeps such a comment right-to-left, and an English comment with an Arabic word in it
left-to-right.
"""

import re

# Letters written right to left: Hebrew, Arabic (with its supplements and extensions),
# Syriac, Thaana, NKo, and the Hebrew and Arabic presentation forms.
_RTL_LETTER = re.compile(
    "[\u0590-\u05ff\u0600-\u06ff\u0700-\u07bf\u07c0-\u07ff\u0860-\u08ff"
    "\ufb1d-\ufdff\ufe70-\ufefc]"
)
# Letters written left to right that readers here type: Latin with its accents, Greek,
# Cyrillic.
_LTR_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def text_direction(text: str) -> str:
    """ "rtl" or "ltr", by whichever letters are more; "rtl" (the site's) on a tie."""
    text = text or ""
    return (
        "ltr"
        if len(_LTR_LETTER.findall(text)) > len(_RTL_LETTER.findall(text))
        else "rtl"
    )
