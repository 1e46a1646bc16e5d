"""Arabic date formats for what Django renders itself: the admin's lists, filters and
read-only fields.

Django's Arabic locale has no DATETIME_FORMAT, so a publication time read
"نوفمبر 25, 2026, 12:04 م": English order and commas, on a 12-hour clock. Here it reads
"25 نوفمبر 2026، 12:04", day, month, year, and the 24-hour time the reader pages show.
Only what differs from Django's Arabic formats is defined; the rest falls through to them.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = (
    "d\u200f/m\u200f/Y H:i"  # as Django's SHORT_DATE_FORMAT, with marks
)
