"""The published OpenAPI schema is valid, and the API keeps its promises against it.

schemathesis generates requests from the live schema and checks every answer: no server errors,
status codes, content types and bodies that the schema documents.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests import factories


@pytest.fixture
def some_data(db):
    person = factories.PersonFactory(name="Anna Example")
    factories.PostFactory(person=person)
    meeting = factories.MeetingFactory(participants=[person])
    factories.EvidenceFactory(meeting=meeting)
    factories.PledgeFactory()


def _api_schema():
    # A new handler, so its middleware reads this test's settings (plain HTTP).
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: requests must not close the test's transaction connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_api_honours_its_schema(some_data, keep_test_connection):
    for result in _api_schema().get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            cache.clear()  # throttling is real; generated traffic must not trip it
            # A random string is a schema-valid cursor but not one we made: rejecting it is right.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()


def test_schema_and_docs_are_served_without_a_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()
