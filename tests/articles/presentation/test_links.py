"""articles.presentation.links: reversed URLs remembered per process, and forgotten when they change."""

import pytest
from django.test import override_settings
from django.urls import (
    NoReverseMatch,
    clear_script_prefix,
    path,
    reverse,
    set_script_prefix,
)

from articles.presentation.links import link


def test_a_link_is_what_reverse_gives():
    assert link("articles:detail", "خبر-عاجل") == reverse(
        "articles:detail", kwargs={"slug": "خبر-عاجل"}
    )
    assert link("articles:short", 7) == reverse("articles:short", kwargs={"pk": 7})
    assert link("articles:home") == "/"


def test_a_script_prefix_gives_its_own_link():
    plain = link("articles:latest")
    set_script_prefix("/news-site/")
    try:
        assert link("articles:latest") == "/news-site" + plain
    finally:
        clear_script_prefix()
    assert link("articles:latest") == plain


def _page(request):  # pragma: no cover - never requested
    raise AssertionError


urlpatterns = [path("elsewhere/", _page, name="latest")]


def test_changing_the_url_configuration_forgets_remembered_links():
    assert link("articles:latest") == "/latest/"  # remembered now
    with override_settings(ROOT_URLCONF=__name__):
        with pytest.raises(NoReverseMatch):
            link("articles:latest")  # not served from memory
        assert link("latest") == "/elsewhere/"
    assert link("articles:latest") == "/latest/"


def test_the_link_tag_renders_the_same_url():
    from django.template import Context, Template

    html = Template('{% load articles_tags %}{% link "articles:short" 7 %}').render(
        Context()
    )
    assert html == reverse("articles:short", kwargs={"pk": 7})
