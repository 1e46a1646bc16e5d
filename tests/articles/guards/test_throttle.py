"""Who is asking: the address flood limits and visitor ids are keyed on."""

import pytest
from django.test import RequestFactory

from articles.guards.throttle import client_address


def address(settings, header="REMOTE_ADDR", **meta):
    settings.COMMENTS_CLIENT_IP_HEADER = header
    return client_address(RequestFactory().get("/", **meta))


def test_the_direct_peer_is_the_address(settings):
    assert address(settings, REMOTE_ADDR="203.0.113.7") == "203.0.113.7"


def test_from_a_forwarded_list_the_hop_our_proxy_added_counts(settings):
    forwarded = "6.6.6.6, 198.51.100.4"  # the client wrote the first one itself
    header = "HTTP_X_FORWARDED_FOR"
    assert address(settings, header, HTTP_X_FORWARDED_FOR=forwarded) == "198.51.100.4"


@pytest.mark.parametrize(
    "one, other",
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9"),
        ("2001:db8:1:2::1", "2001:db8:1:2::2"),
    ],
)
def test_an_ipv6_subscriber_block_is_one_visitor(settings, one, other):
    assert address(settings, REMOTE_ADDR=one) == address(settings, REMOTE_ADDR=other)
    assert address(settings, REMOTE_ADDR=one) == "2001:db8:1:2::/64"
    assert address(settings, REMOTE_ADDR="2001:db8:1:3::1") != address(
        settings, REMOTE_ADDR=one
    )


def test_an_ipv4_mapped_address_is_the_ipv4_address(settings):
    assert address(settings, REMOTE_ADDR="::ffff:203.0.113.7") == "203.0.113.7"


def test_something_that_is_not_an_address_is_kept_as_written(settings):
    assert address(settings, REMOTE_ADDR="unix-socket") == "unix-socket"
