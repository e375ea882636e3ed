"""Settings: secure by default, and the compose file runs the same configuration."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    ours = {"DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    ours |= {"FETCH_ALLOW_PRIVATE_ADDRESSES"}  # pyproject turns it on for the suite
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean.pop("DEFENSETRACK_ALLOW_INSECURE_KEY", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "defensetrack.example.org"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_key_unless_debugging():
    result = _manage("check", env={})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env={"SECRET_KEY": secrets.token_urlsafe(50)},
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_private_addresses_are_not_fetched_unless_asked_for():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.FETCH_ALLOW_PRIVATE_ADDRESSES)",
        env={"SECRET_KEY": secrets.token_urlsafe(50)},
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_it_rejects_a_debug_value_it_cannot_read(value):
    result = _manage("check", env={"DEBUG": value, "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_extract_runs_on_a_machine_with_no_secret_key(tmp_path):
    # extract signs nothing and needs no database, so a newcomer can score articles at once.
    article = tmp_path / "note.txt"
    article.write_text("date 2025-06-05 Talks\nKyiv • Test Wire\nUkraine and France held talks.\n")
    result = _manage("extract", str(article), env={})
    assert result.returncode == 0, result.stderr
    assert '"id": "note"' in result.stdout
