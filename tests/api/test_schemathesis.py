"""Property-based run of schemathesis against our own OpenAPI description.

Every documented operation is called with generated valid and invalid inputs through
Django's WSGI app; no answer may be a server error or break the documented schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from portal.wsgi import application
from tests.factories import make_article, make_author, make_image, make_tag

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(modes=["positive", "negative"])


@pytest.fixture
def keep_test_connection():
    """Stop Django closing the test transaction's connection after each WSGI call.

    Django's own test client does the same; schemathesis calls the raw WSGI app.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def newsroom(db, keep_test_connection):
    """A little published content, with an image and every optional part filled in."""
    author, tag, image = make_author(slug="سارة"), make_tag(), make_image()
    make_article(authors=[author], tags=[tag], lead_image=image, id=1)
    make_article(authors=[author], status="draft", id=2)
    make_article(id=3, is_open_for_comments=False)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_openapi_description(case, newsroom):
    case.call_and_validate()
