"""Arabic counts: one plural rule for pages, feeds and admin messages.

CLDR's six Arabic categories: zero, one, two, few (3-10), many (11-99), other (100+,
and what ends in 00-02). Each wording is a tuple in that order.
"""


def plural_index(n: int) -> int:
    """CLDR Arabic plural category of n: 0 zero, 1 one, 2 two, 3 few, 4 many, 5 other."""
    n = abs(int(n))
    if n < 3:
        return n
    if 3 <= n % 100 <= 10:
        return 3
    if 11 <= n % 100 <= 99:
        return 4
    return 5


def counted(n: int, forms) -> str:
    """`n` worded by the form of its category; a form may hold `%(n)s`."""
    return forms[plural_index(n)] % {"n": n}


LETTERS = (
    "لا حروف",
    "حرف واحد",
    "حرفان",
    "%(n)s أحرف",
    "%(n)s حرفًا",
    "%(n)s حرف",
)

# After a preposition (بعد دقيقتين): the dual in the genitive.
MINUTES = (
    "أقل من دقيقة",
    "دقيقة واحدة",
    "دقيقتين",
    "%(n)s دقائق",
    "%(n)s دقيقة",
    "%(n)s دقيقة",
)

COMMENTS = (
    "لا تعليقات",
    "تعليق واحد",
    "تعليقان",
    "%(n)s تعليقات",
    "%(n)s تعليقًا",
    "%(n)s تعليق",
)


def count_comments(n) -> str:
    """The number of comments in correct Arabic (لا تعليقات، تعليق واحد، تعليقان ...)."""
    return counted(int(n or 0), COMMENTS)
