"""Plain-text hygiene for reader comments: invisible characters, links, listed words."""

import re
import unicodedata

# Direction controls (embeddings, overrides, isolates, marks) and invisible characters.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0e\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e0fff"
    "\ud800-\udfff]"  # lone surrogates (JSON "\ud800"): not text, and not UTF-8
)
# Emoji keep their joiner (U+200D) and presentation selector (U+FE0F) only after a symbol.
_JOINER = re.compile("\u200d|\ufe0f")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MAX_MARKS_IN_A_ROW = 4  # shadda + haraka needs two; "zalgo" text needs dozens


def _is_emoji_part(char: str) -> bool:
    return unicodedata.category(char) in {"So", "Sk"} or char == "\ufe0f"


def clean_text(value: str, *, multiline: bool) -> str:
    """Drop invisible and direction-control characters, cap stacked marks, tidy spaces."""
    value = unicodedata.normalize("NFC", value or "")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    marks = 0
    for char in value:
        if _JOINER.fullmatch(char):
            if out and _is_emoji_part(out[-1]):
                out.append(char)
            continue
        if _INVISIBLE.fullmatch(char) or _CONTROL.fullmatch(char):
            continue
        if unicodedata.category(char) in {"Zl", "Zp"}:
            char = "\n"
        if unicodedata.combining(char):
            marks += 1
            if marks > _MAX_MARKS_IN_A_ROW:
                continue
        else:
            marks = 0
        out.append(char)
    text = "".join(out)
    if multiline:
        lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return re.sub(r"\s+", " ", text).strip()


_LINK = re.compile(
    r"(?:https?://|ftp://|www\.|\b[a-z0-9-]+\.(?:com|net|org|info|biz|io|co|me|ly|"
    r"xyz|ru|cn|top|site|online|link|click|shop|app)\b)",
    re.IGNORECASE,
)


def count_links(*, text: str) -> int:
    """How many links (URLs, www. or bare domains) a text holds."""
    return len(_LINK.findall(text))


_PREFIXES = "(?:[وف]?[بلك]?(?:ال|لل)?)"


def contains_word(*, tokens: str, word: str) -> bool:
    """Whether normalised, space-joined tokens hold a normalised word or phrase.

    The prefixes و ف ب ل ك ال are allowed before each of its words."""
    phrase = r"\s".join(_PREFIXES + re.escape(part) for part in word.split())
    return re.search(rf"(?:^|\s){phrase}(?=\s|$)", tokens) is not None
