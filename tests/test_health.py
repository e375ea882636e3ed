"""The health check that docker-compose and load balancers call."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_check_answers_ok_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # exempt: checks come from inside the network
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
