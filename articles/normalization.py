"""One Arabic normalisation for indexing, queries and comment word lists."""

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


def normalize_arabic(text: str) -> str:
    """NFKC, then drop diacritics and tatweel, fold letter variants and digits, lowercase."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _DIACRITICS.sub("", text).translate(_FOLD).lower()
    return _SPACES.sub(" ", text).strip()
