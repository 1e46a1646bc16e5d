"""Dates Django formats itself (the admin) read in Arabic order, on a 24-hour clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation

from tests.factories import make_article, make_editor

RIYADH = ZoneInfo("Asia/Riyadh")
MOMENT = datetime(2017, 11, 15, 14, 5, tzinfo=RIYADH)


def test_a_date_and_time_read_day_month_year_then_the_24_hour_time():
    with translation.override("ar"):
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == "15 نوفمبر 2017، 14:05"
        assert formats.date_format(MOMENT) == "15 نوفمبر 2017"
        assert formats.time_format(MOMENT.time()) == "14:05"


@pytest.mark.django_db
def test_the_article_list_shows_publication_times_in_arabic_order(client, settings):
    settings.TIME_ZONE = "Asia/Riyadh"
    make_article(headline="خبر بتاريخ", published_at=MOMENT)
    client.force_login(make_editor())
    html = client.get("/admin/articles/article/").content.decode()
    assert "15 نوفمبر 2017، 14:05" in html
    assert "نوفمبر 15, 2017" not in html
