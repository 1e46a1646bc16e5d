"""Most read, exact totals, roll-up, the engagement admin and the bot rules."""

from datetime import timedelta

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone

from articles.guards.bots import classify_user_agent
from articles.models import Article, EngagementCount
from articles.services.engagement import record_share, record_view, roll_up_counts
from tests.factories import make_article, make_editor, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_automatic_roll_up(settings):
    settings.ENGAGEMENT_ROLLUP_SECONDS = 0


def views(article, n, hours_ago=0):
    """Store n views in the hour `hours_ago` hours back."""
    hour = (timezone.now() - timedelta(hours=hours_ago)).replace(
        minute=0, second=0, microsecond=0
    )
    EngagementCount.objects.create(
        article=article, hour=hour, metric="view", shard=0, count=n
    )


def test_most_read_ranks_by_views_in_the_window():
    a, b, c = make_article(), make_article(), make_article()
    views(a, 5)
    views(b, 9, hours_ago=3)
    views(c, 50, hours_ago=30)  # outside 24h, inside 7d
    views(a, 100, hours_ago=24 * 8)  # outside both
    assert list(Article.objects.published().most_read("24h")) == [b, a]
    assert list(Article.objects.published().most_read("7d")) == [c, b, a]
    top = Article.objects.published().most_read("7d").first()
    assert top.recent_views == 50


def test_the_hour_a_window_starts_in_counts_whole(monkeypatch):
    # One clock for the stored row and the query: were the hour to turn between them,
    # the row would rightly leave the 24 h window.
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    article = make_article()
    views(article, 7, hours_ago=24)  # the row of the hour that began 24 to 25 h ago
    assert list(Article.objects.published().most_read("24h")) == [article]


def test_most_read_ignores_shares_filtered_hits_and_hidden_articles():
    live, draft = make_article(), make_article()
    views(live, 1)
    views(draft, 10)
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    record_share(article_id=live.pk, network="x")
    other = make_article()
    record_view(article_id=other.pk, filtered_reason="bot")
    assert list(Article.objects.published().most_read("24h")) == [live]


def test_most_read_tag_renders_escaped_headlines(django_assert_max_num_queries):
    article = make_article(headline="<script>alert(1)</script> خبر")
    views(article, 3)
    with django_assert_max_num_queries(1):
        html = Template('{% load engagement_tags %}{% most_read 5 "24h" %}').render(
            Context()
        )
    assert "الأكثر قراءة اليوم" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert article.get_absolute_url() in html


def test_most_read_tag_rejects_an_unknown_window():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load engagement_tags %}{% most_read 5 "1y" %}').render(Context())


def test_home_page_shows_most_read(client):
    article = make_article(headline="الخبر الأكثر قراءة")
    views(article, 4)
    html = client.get(reverse("articles:home")).content.decode()
    assert "الأكثر قراءة اليوم" in html and "الأكثر قراءة هذا الأسبوع" in html


def test_roll_up_moves_each_increment_exactly_once():
    article = make_article()
    base_views, base_shares = article.view_count, article.share_count
    for _ in range(3):
        assert record_view(article_id=article.pk)
    record_share(article_id=article.pk, network="telegram")
    record_view(article_id=article.pk, filtered_reason="bot")
    assert roll_up_counts() > 0
    record_view(article_id=article.pk)
    roll_up_counts()
    roll_up_counts()
    article.refresh_from_db()
    assert article.view_count == base_views + 4
    assert article.share_count == base_shares + 1
    exact = Article.objects.with_exact_counts().get(pk=article.pk)
    assert (exact.views_total, exact.shares_total) == (base_views + 4, base_shares + 1)


def test_services_refuse_unknown_networks_and_reasons():
    article = make_article()
    with pytest.raises(ValueError):
        record_share(article_id=article.pk, network="myspace")
    with pytest.raises(ValueError):
        record_view(article_id=article.pk, filtered_reason="because")
    assert not EngagementCount.objects.exists()


def test_services_store_nothing_for_unknown_articles():
    assert record_view(article_id=987654) is False
    assert record_share(article_id=2**70, network="x") is False
    assert not EngagementCount.objects.exists()


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like "
        "Gecko) SamsungBrowser/25.0 Chrome/121.0 Mobile Safari/537.36",
    ],
)
def test_real_browsers_are_not_taken_for_bots(agent):
    assert classify_user_agent(agent) == ""


class TestEngagementAdmin:
    url = reverse("admin:articles_articleengagement_changelist")

    def test_editors_see_views_filtered_and_shares(self, client):
        article = make_article(headline="خبر للإحصاء")
        record_view(article_id=article.pk)
        record_view(article_id=article.pk, filtered_reason="preview")
        record_share(article_id=article.pk, network="whatsapp")
        client.force_login(make_editor())
        response = client.get(self.url, {"o": "-3"})
        assert response.status_code == 200
        assert "خبر للإحصاء" in response.content.decode()
        row = response.context["cl"].result_list[0]
        assert (row.views_all, row.filtered, row.shares_all) == (
            article.view_count + 1,
            1,
            article.share_count + 1,
        )
        detail = client.get(
            reverse("admin:articles_articleengagement_change", args=[article.pk])
        )
        html = detail.content.decode()
        assert detail.status_code == 200
        assert "جلب معاينة الرابط" in html and "واتساب" in html

    def test_an_article_live_by_schedule_is_listed(self, client):
        article = make_article(
            headline="خبر مجدول نُشر",
            status=Article.Status.SCHEDULED,
            published_at=timezone.now() - timedelta(minutes=5),
        )
        record_view(article_id=article.pk)
        client.force_login(make_editor())
        listed = client.get(self.url).context["cl"].result_list
        assert [row.pk for row in listed] == [article.pk]

    def test_sorting_by_views_puts_the_most_viewed_first(self, client):
        low, high = make_article(), make_article()
        Article.objects.filter(pk=low.pk).update(view_count=1)
        Article.objects.filter(pk=high.pk).update(view_count=500)
        client.force_login(make_editor())
        response = client.get(self.url, {"o": "-3"})
        assert list(response.context["cl"].result_list)[:2] == [
            Article.objects.get(pk=high.pk),
            Article.objects.get(pk=low.pk),
        ]

    def test_is_read_only(self, client):
        article = make_article()
        client.force_login(make_editor())
        change = reverse("admin:articles_articleengagement_change", args=[article.pk])
        response = client.post(change, {"headline": "تغيير"})
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline != "تغيير"

    def test_moderators_and_anonymous_cannot_see_it(self, client):
        assert client.get(self.url).status_code == 302
        client.force_login(make_moderator())
        assert client.get(self.url).status_code == 403

    def test_script_in_user_agent_or_referer_leaves_no_markup_for_staff(self, client):
        article = make_article()
        response = client.post(
            reverse("articles:view-beacon", args=[article.pk]),
            HTTP_ORIGIN="http://testserver",
            HTTP_USER_AGENT="<script>alert('ua')</script> Googlebot",
            HTTP_REFERER="http://testserver/<script>alert('ref')</script>",
        )
        assert response.status_code == 200
        client.force_login(make_editor())
        for url in [
            self.url,
            reverse("admin:articles_articleengagement_change", args=[article.pk]),
        ]:
            html = client.get(url).content.decode()
            assert "<script>alert(" not in html
        assert EngagementCount.objects.get(article=article).detail == "bot"
