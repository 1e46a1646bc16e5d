import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from articles.text.normalization import normalize_arabic


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أقرّ", "اقر"),
        ("إعلان", "اعلان"),
        ("آلة", "اله"),
        ("ٱلرقة", "الرقه"),
        ("مُصّر", "مصر"),
        ("الـــخلافة", "الخلافه"),
        ("مستوى", "مستوي"),
        ("مؤتمر", "موتمر"),
        ("هيئة", "هييه"),
        ("٣٥٠٠ مدني", "3500 مدني"),
        ("BBC  بي بي سي", "bbc بي بي سي"),
    ],
)
def test_normalize_arabic_folds_variants(raw, expected):
    assert normalize_arabic(raw) == expected


@given(st.text())
@example("ءؤ")  # ؤ folds to و: a second pass must not see a new ءو
def test_normalize_arabic_is_idempotent(text):
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once
