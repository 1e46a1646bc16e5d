import pytest
from django.test import Client


@pytest.fixture
def api():
    """A client that returns server errors as responses, as a real caller sees them."""
    return Client(raise_request_exception=False)
