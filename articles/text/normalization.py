"""One Arabic normalisation for indexing, queries and comment word lists."""

import html
import re
import unicodedata

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks, and tatweel.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
    }
)
_SPACES = re.compile(r"\s+")
# The same word on another hamza seat before waw: مسئول / مسؤول, شئون / شؤون,
# رءوس / رؤوس (Egyptian and standard spelling) all fold to the ؤو form first.
# Before ؤ too: it folds to و, and a second pass must not find a new ءو to rewrite.
_HAMZA_BEFORE_WAW = re.compile("[\u0626\u0621](?=[\u0648\u0624])")
# Any tag: replaced by a space, so words of neighbouring blocks stay apart.
_TAG = re.compile(r"<[^>]*>")


def normalize_arabic(text: str) -> str:
    """NFKC, then drop diacritics and tatweel, fold letter variants and digits, lowercase."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _DIACRITICS.sub("", text)
    text = _HAMZA_BEFORE_WAW.sub("\u0624", text).translate(_FOLD).lower()
    return _SPACES.sub(" ", text).strip()


def search_text_of(*, headline: str, deck: str, sub_heading: str, body: str) -> str:
    """What an article is searched by: its texts and the words of its body, normalised."""
    return normalize_arabic(" ".join([headline, deck, sub_heading, text_of_html(body)]))


def text_of_html(markup: str) -> str:
    """The words of an HTML body: tags become spaces (`<h2>أ</h2><p>ب` is two words,
    not one), entities become their characters."""
    return html.unescape(_TAG.sub(" ", markup or ""))
