"""The admin login refuses a username from an address after repeated wrong passwords."""

import pytest
from django.urls import reverse

from tests.factories import make_editor

pytestmark = pytest.mark.django_db

PASSWORD = "pw-12345678"  # make_editor's


def attempt(client, password, *, address="203.0.113.7", username="victim"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, settings):
    make_editor("victim")
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, f"guess-{n}").status_code == 200  # the form again
    assert attempt(client, "the fifth guess").status_code == 429

    response = attempt(client, PASSWORD)

    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    html = response.content.decode()
    assert 'lang="ar" dir="rtl"' in html and "بعد 15 دقيقة" in html
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_one_username_from_one_address_only(client, settings):
    make_editor("victim")
    make_editor("colleague")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess-{n}")

    # The editor, from the newsroom's own address, and a colleague sharing the
    # attacker's address, still log in.
    assert attempt(client, PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert attempt(client, PASSWORD, username="colleague").status_code == 302


def test_a_success_clears_earlier_failures(client, settings):
    make_editor("victim")
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, f"guess-{n}")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()

    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, f"again-{n}")
    assert attempt(client, PASSWORD).status_code == 302


def test_a_username_longer_than_any_account_is_a_form_error_not_a_500(client):
    response = client.post(
        reverse("admin:login"), {"username": "a" * 10_000, "password": "x' OR '1'='1"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["username"]
    assert errors and "150" in errors[0]  # Django's Arabic "at most 150 letters"
    assert "_auth_user_id" not in client.session
