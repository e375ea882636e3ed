"""ensure_admin makes one admin with a random password, and keeps it on a second run."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def _printed_password(output: str) -> str:
    return output.rsplit("password: ", 1)[1].strip()


def test_it_creates_a_superuser_whose_printed_password_works():
    password = _printed_password(_run())
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)


def test_it_keeps_the_existing_account_and_password_on_a_second_run():
    password = _printed_password(_run())
    output = _run()
    assert "exists" in output and "password:" not in output
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_it_never_hands_out_the_same_password_twice():
    first = _printed_password(_run())
    second = _printed_password(_run("--reset"))
    assert first != second
    assert get_user_model().objects.get(username="admin").check_password(second)
