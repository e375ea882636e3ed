"""Shared fixtures: the cast (admin, analyst, anonymous) and the real services.

A test that needs PostgreSQL or Redis asks for `postgres` or `redis_url`. Where they are not
reachable it is skipped on a laptop, but with CI=true it fails: CI must never pass by skipping.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection

from tests import factories

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _missing(what: str) -> None:
    message = f"{what} is not available"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}, and CI=true: this run must not skip it.")
    pytest.skip(message)


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def postgres(db) -> None:
    """The test needs PostgreSQL itself (locks, full-text search, concurrent transactions)."""
    if connection.vendor != "postgresql":
        _missing("PostgreSQL (set DATABASE_URL=postgres://...)")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A real Redis for brokers and caches; database 15, flushed by the tests that use it."""
    if not _reachable(REDIS_URL):
        _missing(f"Redis at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def analyst(db):
    return factories.UserFactory(username="analyst")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Production settings redirect to HTTPS; the test client and live server speak plain HTTP."""
    settings.SECURE_SSL_REDIRECT = False
